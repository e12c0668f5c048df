"""The headless command line over ``Project``: ``python main.py import|plan|export ...``.
No Qt here: it prints summaries or JSON and exits 2 with one line on input it cannot use."""
