"""Resources: one class per tag (or `x-speakeasy-group`), in the order the spec lists its tags."""

from __future__ import annotations

from generator.builder.context import BuildContext
from generator.builder.operations import Grouped
from generator.ir import Operation, Resource


def build_resources(
    context: BuildContext, grouped: Grouped, root_ops: tuple[Operation, ...]
) -> tuple[Resource, ...]:
    """The resources in the order of the spec's `tags`, then groups no tag lists, in the order
    operations first name them."""
    tag_info = {
        str(t.get("name")): t for t in context.root.get("tags") or [] if isinstance(t, dict)
    }
    order = [name for name in tag_info if name in grouped]
    order += [name for name in grouped if name not in order and name is not None]
    root_methods = {name for op in root_ops for name in (op.py_name, op.async_name)}
    names = context.names.resources(order, root_methods, context.settings.root_docs_dir)
    return tuple(
        Resource(
            wire_name=tag,
            attribute=names[tag].attribute,
            class_name=names[tag].class_name,
            module=names[tag].module,
            docs_dir=names[tag].docs_dir,
            title=names[tag].title,
            description=str(tag_info.get(tag, {}).get("description") or ""),
            operations=tuple(grouped[tag]),
        )
        for tag in order
    )
