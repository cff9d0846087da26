"""``schemasmith diff``: compare two schemas by what they accept, one named finding per change.

Stages: ``view`` reads a schema through ``$ref``s and ``allOf`` into keyword occurrences;
``branches`` splits it into one branch per JSON type and union branch; ``compare`` (with
``compare_scalar``, ``compare_array``, ``compare_object``) walks both schemas and names each change
by a rule of ``rules`` (documented in doc/diff-rules.md by ``rules_doc``); ``values`` holds the exact
checks on values and bounds; ``codegen_impact`` compares the generated API; ``documents`` runs it all
on two loaded documents (OpenAPI component by component); ``ignore``, ``git_revision`` and ``report``
serve the command line.
"""
