"""sdkgen: OpenAPI 3.0/3.1 to a typed, documented Python SDK."""

__version__ = "0.1.0"
