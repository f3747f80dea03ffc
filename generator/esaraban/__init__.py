"""e-saraban: what a letter needs to leave the office electronically (docs/e-saraban.md).

signing.py signs a finished PDF into its signature field (PAdES, pyHanko) and verifying.py reports
the signatures of a PDF. Both work on PDFs alone: they read no letter.
"""
