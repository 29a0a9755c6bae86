from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, url_name, label, exclude=None):
    """A navigation item, marked as the current page for its whole section.

    `exclude` names a subsection with a navigation item of its own.
    """
    url = reverse(url_name)
    path = context["request"].path
    current = path == url if url == "/" else path.startswith(url)
    if exclude and path.startswith(reverse(exclude)):
        current = False
    if current:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="page" '
            'href="{}">{}</a></li>',
            url,
            label,
        )
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', url, label
    )
