#!/usr/bin/env python3
"""Counts the stack's resources as CloudFormation will see them, after SAM's transform (cfn-lint's), and fails
above the budget: CloudFormation refuses a stack of more than 500 resources, and one function with its version,
alias, deployment group, log group, role and alarm takes about seven. The budget keeps room for a deploy that adds
a function; raise it only with a plan (docs/operations.md, "Resource budget").

    python3 .ci/resource-count.py [template.yaml]
"""
import collections
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform

LIMIT = 500
BUDGET = 480

path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
template, problems = decode(path)
if problems:
    sys.exit(f"{path} does not parse: {problems}")
transform = Transform(path, template, "us-east-1")
errors = transform.transform_template()
if errors:
    sys.exit(f"SAM's transform failed: {errors}")
resources = transform._template["Resources"]
by_type = collections.Counter(r["Type"] for r in resources.values())
for kind, count in by_type.most_common(8):
    print(f"  {count:4d} {kind}")
print(f"{len(resources)} resources after SAM's transform (budget {BUDGET}, CloudFormation's limit {LIMIT})")
if len(resources) > BUDGET:
    sys.exit(f"over the budget of {BUDGET}: split the template or merge resources before adding more")
