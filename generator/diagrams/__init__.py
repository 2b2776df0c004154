"""Diagrams drawn from the linked model with Graphviz: org charts and swimlane flow charts.

Each builder returns DOT source (a pure function of the model); :mod:`.render` turns DOT
into SVG and PNG with the `dot` program. Layout is Graphviz's; we only describe the graph.
"""
