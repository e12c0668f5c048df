"""The headless command line over ``Project`` (``python main.py import|plan|export ...``): ``commands``
parses and dispatches to one module per group of commands. No Qt; text or JSON out, exit 2 on bad input."""
