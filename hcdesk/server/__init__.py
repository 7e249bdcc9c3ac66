"""The central store (FastAPI + uvicorn on PostgreSQL; SQLite embedded)."""
