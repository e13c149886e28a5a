"""Life events (一件事): bundles of catalog items done with one form, one materials list and one
submission whose applications advance in parallel (progress/), with one timeline."""
