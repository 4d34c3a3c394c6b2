"""The diploma as a document: a numbered A4 PDF with a QR code to its public verification page."""
