"""The balance lab's parts, each a room: runs (batches of games), figures (intervals and
thresholds), checks (the design properties), tweaks (changed scenarios) and advice (changes
tried by simulation). sim.balance puts them together."""
