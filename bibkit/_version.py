"""bibkit's version, in the one place the package build and the code both read it
(``pyproject.toml`` takes it from here), so low modules need not import the package face."""

__version__ = "0.1.0"
