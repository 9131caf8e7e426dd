"""Shared facts and careful file handling every room uses: result types, resource paths, safe text, writes that never leave half a file."""
