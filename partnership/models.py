"""The directory: partnerships, organisations (lead agencies), people and user accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from partnership.access import (
    descendants,
    organisation_and_ancestors,
    organisation_parents,
    partnership_ids,
    sees_everything,
)
from partnership.audit import AuditedQuerySet, audit_history


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    CLERK = "clerk", "Committee clerk"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Administrator"


class PartnershipQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> PartnershipQuerySet:
        """The partnerships ``user`` works in (partnership.access); all for an administrator."""
        if sees_everything(user):
            return self.all()
        return self.filter(pk__in=partnership_ids(user))

    def managed_by(self, user: Any) -> PartnershipQuerySet:
        """Where ``user`` may configure plans, committees and imports (clerks, administrators)."""
        if not getattr(user, "can_import", False):
            return self.none()
        return self.visible_to(user)


class Partnership(models.Model):
    """A board or group that owns action plans and committees."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        "Organisation", blank=True, related_name="partnerships", verbose_name="member organisations"
    )

    objects = PartnershipQuerySet.as_manager()
    history = audit_history(m2m_fields=["members"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Council"
    DEPARTMENT = "department", "Council department"
    TEAM = "team", "Team or unit"
    NHS = "nhs", "NHS body"
    CHARITY = "charity", "Charity or voluntary sector"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class OrganisationQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """The member organisations of the user's partnerships with their teams, the user's own
        organisation and those above it, and any organisation leading an action there."""
        if sees_everything(user):
            return self.all()
        ids = partnership_ids(user)
        known = getattr(user, "_visible_org_ids", None)
        if known is None:
            members = Partnership.members.through.objects.filter(partnership_id__in=ids)
            roots = list(members.values_list("organisation_id", flat=True))
            known = descendants(organisation_parents(user), roots)
            known |= organisation_and_ancestors(user)
            user._visible_org_ids = known
        leading = Organisation.recommendations.through.objects.filter(
            recommendation__plan__partnership_id__in=ids
        ).values("organisation_id")
        return self.filter(Q(pk__in=known) | Q(pk__in=leading))

    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def with_descendant_ids(self, root_ids: list[int]) -> set[int]:
        """The ids of these organisations and every team beneath them (one query)."""
        return self.model.subtree_ids(self.model.objects.values_list("pk", "parent_id"), root_ids)


class Organisation(models.Model):
    """A lead agency: a police force, a council department or team, a charity, an NHS trust."""

    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True, help_text="For example CoLP, DCCS")
    aliases = models.TextField(
        blank=True,
        help_text="Other names used in papers, one per line (for example City Police).",
    )
    kind = models.CharField(max_length=20, choices=OrganisationKind, default=OrganisationKind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The organisation this team or department sits within.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive organisations keep their history and actions but are not offered "
        "as new leads.",
    )

    objects = OrganisationQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """An abbreviation names one organisation: imported leads are matched by it, and two
        organisations sharing one left every lead written that way unlinked, unexplained."""
        super().clean()
        self.abbreviation = self.abbreviation.strip()
        if not self.abbreviation:
            return
        same = Organisation.objects.filter(abbreviation__iexact=self.abbreviation)
        if same.exclude(pk=self.pk).exists():
            # Not named: the directory is read per partnership, and this runs for any of them.
            raise ValidationError(
                {
                    "abbreviation": f"Another organisation already uses the abbreviation "
                    f"{self.abbreviation.upper()}: choose another, so that a paper naming a lead "
                    "by its abbreviation says which organisation it means"
                }
            )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def names(self) -> list[str]:
        """Every name this organisation is known by (for matching imported text)."""
        names = [self.name, *self.alias_list()]
        if self.abbreviation:
            names.append(self.abbreviation)
        return names

    def ancestors(self) -> list[Organisation]:
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    @staticmethod
    def subtree_ids(parents: Iterable[tuple[int, int | None]], root_ids: Iterable[int]) -> set[int]:
        """The one walk of the organisation tree: ``root_ids`` and every team beneath them, given
        (id, parent id) pairs (today's directory, or the directory as it stood on a date)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in parents:
            children.setdefault(parent_id, []).append(pk)
        found: set[int] = set()
        stack = list(root_ids)
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(children.get(pk, []))
        return found


class PersonQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """People of the organisations the user sees, leads and committee members of the
        user's partnerships, and the user's own directory entry."""
        if sees_everything(user):
            return self.all()
        ids = partnership_ids(user)
        leading = Person.recommendations.through.objects.filter(
            recommendation__plan__partnership_id__in=ids
        ).values("person_id")
        own = Q(user=user) if getattr(user, "pk", None) else Q(pk__in=[])
        return self.filter(
            Q(organisation__in=Organisation.objects.visible_to(user))
            | Q(pk__in=leading)
            | Q(committees__partnership_id__in=ids)
            | own
        ).distinct()


class Person(models.Model):
    """Someone named as a lead. Initials are not unique (two JW in one forum is normal)."""

    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=10, blank=True, db_index=True)
    title = models.CharField(max_length=200, blank=True, help_text="Job title or role")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(blank=True)

    objects = PersonQuerySet.as_manager()
    history = audit_history()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.initials})" if self.initials else self.name


class UserQuerySet(AuditedQuerySet):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Accounts of people who work in one of the user's partnerships (and the user)."""
        if sees_everything(user):
            return self.all()
        if not getattr(user, "pk", None):
            return self.none()
        return self.filter(
            Q(organisation__in=Organisation.objects.visible_to(user))
            | Q(partnerships__in=partnership_ids(user))
            | Q(pk=user.pk)
        ).distinct()


class PartnershipUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Users are audited like everything else: no ``update()``/``bulk_*``/queryset delete."""

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A signed-in user: one role, and (for officers) the organisation they act for."""

    role = models.CharField(max_length=10, choices=Role, default=Role.OFFICER)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    partnerships = models.ManyToManyField(
        Partnership,
        blank=True,
        related_name="staff",
        verbose_name="also serves",
        help_text="Partnerships this person works in beyond their organisation's (clerks and "
        "managers who serve several).",
    )

    objects = PartnershipUserManager()
    history = audit_history(excluded_fields=["password", "last_login"], m2m_fields=["partnerships"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="officer") | models.Q(organisation__isnull=False),
                name="officer_has_organisation",
            )
        ]

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_clerk(self) -> bool:
        return self.role == Role.CLERK

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def can_read_everything(self) -> bool:
        return self.role in {Role.CLERK, Role.MANAGER, Role.ADMIN} or self.is_superuser

    @property
    def can_import(self) -> bool:
        return self.role in {Role.CLERK, Role.ADMIN} or self.is_superuser

    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()
