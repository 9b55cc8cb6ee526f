"""Every ReviewApp model, importable from one place."""

from reviewapp.models.application import UNIT_ROLES, Application, ApplicationUnit
from reviewapp.models.assignment import (
    ASSIGNMENT_STATUSES,
    VISIBLE_TO_EXPERT,
    Assignment,
    AssignmentRun,
    RunPair,
)
from reviewapp.models.audit import AuditLog
from reviewapp.models.call import CALL_STATUSES, Call, CallTrack
from reviewapp.models.committee import DECISION_OUTCOMES, DecisionList, RankingRun
from reviewapp.models.conflict import (
    CONFLICT_RULES,
    CONFLICT_SOURCES,
    VERDICTS,
    Conflict,
    EligibilityResult,
)
from reviewapp.models.expert import Expert
from reviewapp.models.job import (
    JOB_ACTIVE_STATUSES,
    JOB_FINISHED_STATUSES,
    JOB_STATUSES,
    Job,
)
from reviewapp.models.login_session import LoginSession
from reviewapp.models.mail import MAIL_KINDS, MAIL_STATUSES, MailMessage
from reviewapp.models.registry import AvoidanceRequest, Person, Relation, Unit
from reviewapp.models.review import REVIEW_STATUSES, Decision, Review
from reviewapp.models.user import ROLES, User

__all__ = [
    "ASSIGNMENT_STATUSES", "CALL_STATUSES", "CONFLICT_RULES", "CONFLICT_SOURCES",
    "DECISION_OUTCOMES", "DecisionList", "RankingRun",
    "VISIBLE_TO_EXPERT",
    "JOB_ACTIVE_STATUSES", "JOB_FINISHED_STATUSES", "JOB_STATUSES",
    "MAIL_KINDS", "MAIL_STATUSES",
    "REVIEW_STATUSES", "ROLES", "UNIT_ROLES", "VERDICTS",
    "Application", "ApplicationUnit", "Assignment", "AssignmentRun", "AuditLog",
    "AvoidanceRequest", "Call", "CallTrack", "Conflict", "Decision", "EligibilityResult",
    "Expert", "Job", "LoginSession", "MailMessage", "Person", "Relation", "Review",
    "RunPair", "Unit", "User",
]
