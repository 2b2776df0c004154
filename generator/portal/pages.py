"""Which pages the portal has, their navigation, and their Markdown.

One page per role, workflow, training plan, form and policy; an index page per kind; the
organisation page; the home page's generated part; and one per custom job description,
reached from its standard role. A draft whose last approved revision is published (see
generator/publication.py) gets a page of its own, reached from the published page only,
out of the navigation and search. Retired items get a page (links and bookmarks keep working)
reached from the archive page (the 作废文件 register) only: not from the navigation, the
lists or search. Custom job descriptions stay out of the navigation too.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagrams.catalog import Diagram, diagrams
from ..documents.control import handbook_control as documents_handbook_control
from ..kinds import KINDS, kind_of
from ..linker import LinkedKB
from ..model import Item, Role, Workflow
from ..views.register import register_rows
from . import views
from .downloads import FORMS_ZIP, Downloads
from .environment import portal_environment
from .markup import attribute_text
from .occupation import occupation
from .urls import (
    ARCHIVE,
    HOME,
    ORGANIZATION,
    REGISTER,
    draft_uri,
    index_uri,
    org_path,
    page_uri,
    workflow_path,
)
from .variants import PortalVariants, page_context

if TYPE_CHECKING:
    from ..reldiff.release import SinceRelease


@dataclass(frozen=True)
class PortalPage:
    uri: str
    title: str
    template: str
    context: Mapping = field(default_factory=dict)
    status: str | None = None  # "draft" or "retired": marked in the navigation
    searchable: bool = True     # index pages only repeat titles: kept out of search results
    wide: bool = False          # no table of contents beside it, so charts get the width
    listed: bool = True         # False: reached from another page, not from the navigation
    number: str = ""            # the document number, found by search

    @property
    def in_nav(self) -> bool:
        return self.listed and self.status != "retired"


class Portal:
    """The pages of one linked knowledge base, and the pictures and files they show."""

    def __init__(self, linked: LinkedKB, downloads: Downloads,
                 since_release: SinceRelease | None = None) -> None:
        self.linked = linked
        self.downloads = downloads
        # the home page's "changes since the last release": the app loads the release
        self.since_release = since_release
        self.t = linked.labels
        handbook = documents_handbook_control(linked, self.t)
        self.env = portal_environment(linked, downloads)
        self.env.globals["handbook"] = views.handbook_control(linked, handbook)
        self.variants = PortalVariants(linked, downloads)
        charts = diagrams(linked)
        printed_only = {part for chart in charts for part in chart.printed_as}
        # the screen shows a long flow whole (zoom and pan), not the parts print needs
        self.diagrams: list[Diagram] = _without_repeated_chart(
            linked, [chart for chart in charts if chart.path not in printed_only])

    # ------------------------------------------------------------ pages

    def pages(self) -> list[PortalPage]:
        return [self._organization_page(), *self._index_pages(), *self._item_pages(),
                *self._retired_pages(), *self._draft_pages(), *self._variant_pages(),
                self._register_page()]

    def _register_page(self) -> PortalPage:
        title = self.t("document_register")
        return PortalPage(REGISTER, title, "register.md.j2",
                          {"title": title, "rows": register_rows(self.linked)},
                          searchable=False, wide=True)

    def _item_pages(self) -> list[PortalPage]:
        pages = []
        for kind in KINDS:
            for item in self._items(kind.folder).values():
                doc = self.linked.doc(item)
                pages.append(PortalPage(page_uri(item), item.title, kind.portal_template,
                                        self._item_context(item), _marked(doc.status),
                                        wide=kind.portal_wide, number=doc.number))
        return pages

    def _retired_pages(self) -> list[PortalPage]:
        """Retired items keep a page (old links and bookmarks still work) reached from the
        archive alone: out of the navigation, the lists and search. The archive page lists
        them all with since when and what replaces them."""
        if not self.linked.retired:
            return []
        pages = [PortalPage(page_uri(entry.item), entry.item.title,
                            kind_of(entry.item).portal_template,
                            self._item_context(entry.item), "retired", listed=False,
                            wide=kind_of(entry.item).portal_wide)
                 for entry in self.linked.retired]
        title = self.t("retired_register")
        return [*pages, PortalPage(ARCHIVE, title, "archive.md.j2",
                                   {"title": title, "entries": self.linked.retired},
                                   searchable=False, listed=False)]

    def _draft_pages(self) -> list[PortalPage]:
        """The drafts being revised, each rendered as the working tree has it, marked draft;
        the published page links here and this page links back."""
        working = self.linked.working
        if working is None:
            return []
        pages = []
        for revision in self.linked.revising.values():
            draft = revision.draft
            kind = kind_of(draft)
            context = {**self._item_context(draft), "linked": working, "doc": working.doc,
                       "control": lambda item, seen=working: views.item_control(seen, item),
                       "downloads": lambda item: [], "draft_of": page_uri(draft)}
            if isinstance(draft, Workflow):
                context["chart"] = None  # the charts drawn are the published revision's
            pages.append(PortalPage(draft_uri(draft), draft.title, kind.portal_template,
                                    context, "draft", searchable=False, listed=False,
                                    wide=kind.portal_wide))
        return pages

    def _item_context(self, item: Item) -> dict:
        context: dict[str, object] = {"item": item}
        if isinstance(item, Role):
            context.update(occupation=occupation(item), variant=None,
                           variants=self.variants.of(item.id))
        if isinstance(item, Workflow):
            context["chart"] = workflow_path(item.id)
        return context

    def _index_pages(self) -> list[PortalPage]:
        pages = []
        for kind in self._listed_kinds():
            items = views.in_reading_order(self.linked, self._items(kind.folder).values())
            current, _ = views.split_retired(self.linked, items)
            retired = [e.item for e in self.linked.retired if e.folder == kind.folder]
            title = self.t(kind.portal_index_label)
            pages.append(PortalPage(index_uri(kind.folder), title, "index.md.j2", {
                "title": title, "owner_label": kind.portal_index_column, "retired": retired,
                "variant_counts": self.variants.counts() if kind.folder == "roles" else {},
                "bundle": FORMS_ZIP if kind.folder == "forms" and self.downloads.forms() else None,
                "groups": self._groups(kind.folder, current)}, searchable=False))
        return pages

    def _groups(self, folder: str, current: list[Item]) -> list[tuple[str | None, list[Item]]]:
        """Roles are listed by department, in chart order; other kinds in one table."""
        if folder != "roles":
            return [(None, current)]
        roles = [item for item in current if isinstance(item, Role)]  # all of them, here
        wanted = {r.id for r in roles}
        return [(dept.name, [r for r in views.roles_in_chart_order(self.linked, dept.id)
                             if r.id in wanted])
                for dept in self.linked.departments.values()
                if any(r.department == dept.id for r in roles)]

    def _variant_pages(self) -> list[PortalPage]:
        pages = []
        for jd, entry in self.variants.all():
            context = page_context(self.linked, jd, entry)
            pages.append(PortalPage(entry.uri, jd.role.title, "role.md.j2", context,
                                    _marked(entry.variant.status), listed=False,
                                    number=context["doc"](jd.role).number))
        return pages

    def _organization_page(self) -> PortalPage:
        charts = [d for d in self.diagrams if not d.path.startswith("workflows/")]
        return PortalPage(ORGANIZATION, self.t("organization"), "org.md.j2", {"charts": charts})

    def _listed_kinds(self) -> list:
        """Kinds with items: a knowledge base without, say, approval matrices gets no empty
        section for them (format 1.1 kinds are optional)."""
        return [kind for kind in KINDS if self._items(kind.folder)]

    def _items(self, folder: str) -> Mapping[str, Item]:
        return self.linked.kb.of(folder)

    # ------------------------------------------------------------ rendering

    def render(self, page: PortalPage) -> str:
        template = self.env.get_template(page.template)
        return _front_matter(page) + template.render(here=page.uri, **page.context)

    def home_markdown(self) -> str:
        counts = [(self.t(kind.portal_index_label), len(self._items(kind.folder)),
                   index_uri(kind.folder)) for kind in self._listed_kinds()]
        return self.env.get_template("home.md.j2").render(
            here=HOME, counts=counts, changes=views.recent_changes(self.linked),
            since_release=self.since_release,
            my_role=views.roles_by_department(self.linked),
            examples=views.example_queries(self.linked))

    # ------------------------------------------------------------ navigation

    def nav(self, pages: list[PortalPage]) -> list:
        """The navigation as MkDocs' `nav` setting. The theme prints titles as they are,
        so they are HTML-escaped here."""
        by_uri = {p.uri: p for p in pages if p.in_nav}
        entry = lambda title, target: {attribute_text(title): target}  # noqa: E731
        sections = [entry(self.t("portal_home"), HOME),
                    entry(self.t("organization"), ORGANIZATION)]
        for kind in self._listed_kinds():
            children: list = [index_uri(kind.folder)]
            if kind.folder == "roles":
                children += self._department_sections(by_uri, entry)
            else:
                children += [entry(by_uri[u].title, u) for u in self._uris(kind.folder, by_uri)]
            sections.append(entry(self.t(kind.portal_index_label), children))
        sections.append(entry(self.t("document_register"), REGISTER))
        if self.linked.retired:
            sections.append(entry(self.t("retired_register"), ARCHIVE))
        return sections

    def _department_sections(self, by_uri, entry) -> list:
        sections = []
        for dept in self.linked.departments.values():
            uris = [page_uri(r) for r in views.roles_in_chart_order(self.linked, dept.id)]
            listed = [entry(by_uri[u].title, u) for u in uris if u in by_uri]
            if listed:
                sections.append(entry(dept.name, listed))
        return sections

    def _uris(self, folder: str, by_uri) -> list[str]:
        items = views.in_reading_order(self.linked, self._items(folder).values())
        return [page_uri(i) for i in items if page_uri(i) in by_uri]


def _without_repeated_chart(linked: LinkedKB, charts: list[Diagram]) -> list[Diagram]:
    """With one department, its chart is the organisation chart again: leave it out."""
    staffed = [d for d in linked.departments if linked.department_roles.get(d)]
    repeated = org_path(staffed[0]) if len(staffed) == 1 else None
    return [chart for chart in charts if chart.path != repeated]


def _marked(status: str) -> str | None:
    """How a page's status is marked: "retired", "draft" (also in review) or not at all."""
    if status == "retired":
        return "retired"
    return "draft" if status in ("draft", "in_review") else None


def _front_matter(page: PortalPage) -> str:
    """Page settings for Material: only our own fixed words go here, never content. Retired
    items are reached from the archive page only, never from search."""
    lines = [f"status: {page.status}"] if page.status else []
    if page.wide:
        lines.append("hide: [toc]")
    if not page.searchable or page.status == "retired":
        lines.append("search: {exclude: true}")
    return "---\n" + "\n".join(lines) + "\n---\n" if lines else ""
