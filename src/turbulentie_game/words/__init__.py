"""Data -> sentences, for the top row (ui, cli, reports): turn explanations (narrate), the names
the screens show (labels), the learning debrief in words and as a page (learning, learning_page)."""
