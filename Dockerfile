FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY agent agent
COPY tools tools
COPY workflows workflows
COPY integrations integrations
RUN pip install --no-cache-dir .
