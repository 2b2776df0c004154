"""The SOP portal: a MkDocs plugin (`sops`) that turns a linked knowledge base into pages.

``plugin.py`` wires MkDocs events; ``pages.py`` decides which pages exist and renders them
with the templates in ``templates/portal``; ``views.py`` derives what the templates show;
``markup.py`` makes content safe to place in Markdown; ``search.py`` makes Material's search
work for Chinese; ``downloads.py`` offers the documents other renderers built;
``variants.py`` lists custom job descriptions under their standard role.
"""
