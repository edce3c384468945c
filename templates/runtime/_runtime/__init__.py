"""The fixed runtime, one module per concern; generated code imports it through `basesdk`.

defaults    the timeout, the default retry policy and the per-call options, stated once
endpoint    what generated code declares: operations, servers, security schemes, call options
request     an httpx.Request from a call's arguments: URL, parameters, security, headers
bodies      request body encodings: JSON, form, text, binary and multipart
security    which credentials a call sends, and fetching or forgetting OAuth 2 tokens
sending     the send loops, sync and async, over one shared course of attempts and retries
response    reading a response: the body decoders and the mapping of errors to exceptions
events      server-sent events: the event-stream parser, EventStream and AsyncEventStream
pagination  iterating offset and cursor pages
logs        debug logging of requests and responses, secrets redacted
webhooks    webhook payloads parsed into their events (in SDKs whose spec has webhooks)
signatures  Standard Webhooks signature verification (there too, unless turned off)
"""
