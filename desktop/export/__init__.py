"""What leaves the app: the Word redline, the negotiation summary and the issues list."""
