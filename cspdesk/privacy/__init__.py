"""Personal data (UK GDPR): redaction of names, emails and phones from free text, subject
access, erasure and retention. One package because personal data spans meetings,
programmes and priorities: each of these reads across them, and none of them is one
subject's rule. The audit log itself is a bottom module (``cspdesk.audit``), since every
save writes to it."""
