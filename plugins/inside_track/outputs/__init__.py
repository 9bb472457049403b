"""The files a build produces: pages, the manifest, browser assets."""
