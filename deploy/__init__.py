"""Running the app in production: HAProxy in front of several replicas, and a container."""
