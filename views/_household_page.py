"""The household page's sections (services, exits, assessments): each page that owns a section registers how to
build it, so the household page shows them without importing those pages."""
SECTIONS = {}  # section name -> function(household, members) giving the section's template context


def household_section(name):
    """Register the decorated function as the builder of the household page's section `name`."""
    def register(build):
        SECTIONS[name] = build
        return build
    return register


def household_sections(household, members):
    """Every section's context, by name (members: the page's member rows)."""
    return {name: build(household, members) for name, build in SECTIONS.items()}
