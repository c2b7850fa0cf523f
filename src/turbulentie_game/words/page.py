"""What the HTML pages share: the stylesheet and the meters' colours."""

METER_COLOURS = {"public_value": "#2f855a", "political_cover": "#6b46c1", "trust": "#b7791f"}

CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:22px;line-height:1.4;
 color:#111;background:#fff;margin:0 auto;max-width:1400px;padding:24px 36px}
h1{font-size:44px;margin:0 0 4px} h2{font-size:32px;margin:40px 0 10px;
 border-bottom:3px solid #1f5fa8;padding-bottom:4px} .sub{color:#444;font-size:22px}
table{border-collapse:collapse;width:100%;font-size:24px} th,td{padding:5px 12px;
 text-align:left;border-bottom:1px solid #ccc} th{background:#eef2f7}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{white-space:nowrap;font-weight:bold} td.end{font-size:19px;color:#333}
tr.top td{background:#e8f0fb} tr.bottom td{background:#fcefe6}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(620px,1fr));gap:28px}
svg.chart{width:100%;height:auto;background:#fff} .note{color:#444;font-size:20px}
code{font-size:26px;background:#eef2f7;padding:2px 8px} li{margin:4px 0}
@media print{body{font-size:14px} h1{font-size:28px}}
"""
