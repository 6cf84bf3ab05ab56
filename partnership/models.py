"""The directory: partnerships, organisations (lead agencies), people and user accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from partnership.audit import AuditedManager, AuditedQuerySet, audit_history


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    CLERK = "clerk", "Committee clerk"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Administrator"


class Partnership(models.Model):
    """A board or group that owns action plans and committees."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        "Organisation", blank=True, related_name="partnerships", verbose_name="member organisations"
    )

    objects = AuditedManager()
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
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def with_descendant_ids(self, root_ids: list[int]) -> set[int]:
        """The ids of these organisations and every team beneath them (one query)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.model.objects.values_list("pk", "parent_id"):
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


class Person(models.Model):
    """Someone named as a lead. Initials are not unique (two JW in one forum is normal)."""

    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=10, blank=True, db_index=True)
    title = models.CharField(max_length=200, blank=True, help_text="Job title or role")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(blank=True)

    objects = AuditedManager()
    history = audit_history()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.initials})" if self.initials else self.name


class PartnershipUserManager(UserManager):
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

    objects = PartnershipUserManager()
    history = audit_history(excluded_fields=["password", "last_login"])

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
