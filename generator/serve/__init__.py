"""`sopkit serve`: build, serve the portal on localhost with live reload, rebuild on save.

``watch`` notices saves by polling modification times (no dependency), ``rebuild`` checks
and builds into a staging folder that `sopkit build` swaps in only when it succeeds, and
``server`` serves the current output with a small script that reloads the page after each
build and a banner naming the problems when the last save broke the build.
"""
