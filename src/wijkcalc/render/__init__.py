"""Views of wijkcalc's results: terminal (rich), JSON, CSV and Markdown, in Dutch and English."""
