"""The package list, which pyproject.toml cannot say alone: all of desktop/ plus two mapped folders."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["desktop", "desktop.*"]), "desktop._migrations", "desktop._resources"])
