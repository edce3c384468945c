"""A string value holding three backticks stays inside its docs snippet's code block (the
property run found an example `"```python\\nimport os\\n```"` closing the block mid-string)."""

from __future__ import annotations

import re

from tests.support import SdkMaker

SPEC = """\
openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /notes:
    post:
      operationId: addNote
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: {type: string}
            example: {text: "```python\\nimport os\\n```"}
      responses:
        "204": {description: Added}
"""


def test_a_backtick_fence_in_an_example_stays_inside_the_snippet(make_sdk: SdkMaker) -> None:
    make_sdk(SPEC)
    # Untagged operations live on the client, whose page is named after it.
    page = (make_sdk.output / "docs" / "sdks" / "autumn" / "README.md").read_text()
    [snippet] = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    compile(snippet, "snippet", "exec")
    assert 'text="\\x60\\x60\\x60python\\nimport os\\n\\x60\\x60\\x60"' in snippet
