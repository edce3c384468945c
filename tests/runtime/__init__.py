"""The generated SDK's runtime behaviour against a real HTTP server on 127.0.0.1, by topic.

Every test talks to a `LoopbackServer` over a real socket: no patched httpx, no mock transport.
"""
