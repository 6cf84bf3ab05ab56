"""The fictional Riverside demo: its data and loader. Sits above every other app."""
