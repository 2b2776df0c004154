"""PDF output through WeasyPrint: one document in this process (`render_pdf`), or many on
all cores with long ones printed in parts (`print_documents`)."""
from .book import Printing, PrintJob, print_documents
from .weasy import BASE_URL, css_string, diagram_svgs, page_css, render_pdf

__all__ = ["BASE_URL", "PrintJob", "css_string", "diagram_svgs", "page_css",
           "print_documents", "Printing", "render_pdf"]
