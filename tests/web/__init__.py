"""Tests of the web pages: HTML through TestClient, and a real headless Chromium."""
