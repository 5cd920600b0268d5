"""Unit tests of the Python trainer and exporter; run from the repository root with
/usr/bin/python3 -m unittest discover -s policy-export/python/tests -t policy-export/python"""
