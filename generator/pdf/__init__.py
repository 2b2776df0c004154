"""PDF output through WeasyPrint: one document in this process (`render_pdf`), or many on
all cores with long ones printed in parts (`print_documents`)."""
from .book import PrintJob, print_documents
from .weasy import BASE_URL, css_string, diagram_svgs, page_css, render_pdf

__all__ = ["BASE_URL", "PrintJob", "css_string", "diagram_svgs", "page_css",
           "print_documents", "render_pdf"]
