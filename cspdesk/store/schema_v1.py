"""Schema version 1: the tables the four areas of cspdesk need.

Shipped migrations are never edited: a later change to the schema is a new step in
``cspdesk.store.migrations``. Conventions kept across every table:

* dates are ISO text (``2023-04-11``), shown to the user as dd/mm/yyyy;
* months are ``YYYY-MM``; financial years are written ``2023/24``;
* money is whole pence in ``*_pence`` integer columns, shown in pounds;
* tables are STRICT, so a number where a date should be is refused by SQLite itself.
"""

ISO_DATE = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
ISO_MONTH = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
FIN_YEAR = "'[0-9][0-9][0-9][0-9]/[0-9][0-9]'"
HH_MM = "'[0-2][0-9]:[0-5][0-9]'"


def _date(col: str, required: bool = False) -> str:
    null = "NOT NULL" if required else ""
    check = f"{col} GLOB {ISO_DATE}" if required else f"{col} IS NULL OR {col} GLOB {ISO_DATE}"
    return f"{col} TEXT {null} CHECK ({check})"


SCHEMA_V1 = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Meetings and attendance -------------------------------------------------------------

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    short_name TEXT,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN (
        'district council', 'county council', 'police', 'fire and rescue',
        'integrated care board', 'probation', 'youth justice', 'OPCC',
        'housing', 'voluntary', 'other')),
    -- One of the five responsible authorities of the Crime and Disorder Act 1998, s5,
    -- or NULL for an organisation that attends without being one.
    responsible_authority TEXT CHECK (responsible_authority IN (
        'district council', 'county council', 'police', 'fire and rescue',
        'integrated care board')),
    notes TEXT
) STRICT;

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    job_title TEXT,
    organisation_id INTEGER REFERENCES organisations(id),
    email TEXT,
    phone TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX people_organisation ON people(organisation_id);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    short_name TEXT NOT NULL UNIQUE CHECK (trim(short_name) <> ''),
    tier TEXT NOT NULL CHECK (tier IN ('strategic', 'delivery', 'operational')),
    parent_id INTEGER REFERENCES groups(id),
    -- The quorum rule from the terms of reference, as JSON:
    -- {{"kind": "count", "count": 5}}, {{"kind": "share", "share": 0.5, "minimum": 4}}
    -- or {{"kind": "authorities", "authorities": ["police", "district council"]}}.
    quorum_rule TEXT CHECK (quorum_rule IS NULL OR json_valid(quorum_rule)),
    notes TEXT
) STRICT;

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    group_id INTEGER NOT NULL REFERENCES groups(id),
    role TEXT NOT NULL DEFAULT 'member'
        CHECK (role IN ('chair', 'vice-chair', 'member', 'deputy')),
    -- For a named deputy: the member they deputise for.
    deputy_for_id INTEGER REFERENCES people(id),
    {_date('start_date')},
    {_date('end_date')},
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK (role <> 'deputy' OR deputy_for_id IS NOT NULL)
) STRICT;
CREATE INDEX memberships_group ON memberships(group_id);
CREATE INDEX memberships_person ON memberships(person_id);

-- The chair of a group over time: the JSG chair alternates between the district councils.
CREATE TABLE chair_terms (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    person_id INTEGER REFERENCES people(id),
    {_date('start_date', required=True)},
    {_date('end_date')},
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    {_date('date', required=True)},
    start_time TEXT CHECK (start_time IS NULL OR start_time GLOB {HH_MM}),
    end_time TEXT CHECK (end_time IS NULL OR end_time GLOB {HH_MM}),
    venue TEXT,
    mode TEXT NOT NULL DEFAULT 'in person' CHECK (mode IN ('in person', 'online', 'hybrid')),
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'held', 'cancelled', 'postponed')),
    notes TEXT,
    CHECK (end_time IS NULL OR start_time IS NULL OR end_time > start_time)
) STRICT;
CREATE INDEX meetings_group_date ON meetings(group_id, date);
CREATE INDEX meetings_date ON meetings(date);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    mark TEXT NOT NULL CHECK (mark IN (
        'present', 'present online', 'apologies', 'absent', 'substitute', 'in attendance')),
    reason TEXT,
    -- For mark 'substitute': who came in this member's place.
    substitute_id INTEGER REFERENCES people(id),
    UNIQUE (meeting_id, person_id),
    CHECK (mark <> 'substitute' OR substitute_id IS NOT NULL),
    CHECK (substitute_id IS NULL OR substitute_id <> person_id)
) STRICT;
CREATE INDEX attendance_person ON attendance(person_id);

CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (trim(description) <> ''),
    owner_id INTEGER REFERENCES people(id),
    {_date('due_date')},
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    {_date('completed_on')}
) STRICT;
CREATE INDEX meeting_actions_meeting ON meeting_actions(meeting_id);

-- Monthly performance -------------------------------------------------------------------

CREATE TABLE areas (
    id INTEGER PRIMARY KEY,
    -- A district is named exactly as its local authority appears in police.uk LSOA names.
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    short_name TEXT,
    level TEXT NOT NULL CHECK (level IN ('force', 'county', 'city', 'csp', 'district')),
    parent_id INTEGER REFERENCES areas(id),
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE measures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    -- 'police.uk' measures are filled by import, 'manual' ones typed by the user.
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('police.uk', 'manual')),
    -- The police.uk "Crime type" a measure counts; NULL for "All crime" and manual ones.
    crime_type TEXT,
    description TEXT,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE monthly_counts (
    area_id INTEGER NOT NULL REFERENCES areas(id),
    measure_id INTEGER NOT NULL REFERENCES measures(id),
    month TEXT NOT NULL CHECK (month GLOB {ISO_MONTH}),
    count INTEGER NOT NULL CHECK (count >= 0),
    entry TEXT NOT NULL CHECK (entry IN ('typed', 'imported')),
    source_file TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (area_id, measure_id, month)
) STRICT;
CREATE INDEX monthly_counts_measure_month ON monthly_counts(measure_id, month);

-- The analyst's notes on hotspots: locations and causes, per month and area.
CREATE TABLE hotspot_notes (
    area_id INTEGER NOT NULL REFERENCES areas(id),
    month TEXT NOT NULL CHECK (month GLOB {ISO_MONTH}),
    notes TEXT NOT NULL,
    PRIMARY KEY (area_id, month)
) STRICT;

-- Priority register -----------------------------------------------------------------------

CREATE TABLE priorities (
    id INTEGER PRIMARY KEY,
    financial_year TEXT NOT NULL CHECK (financial_year GLOB {FIN_YEAR}),
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL CHECK (trim(title) <> ''),
    evidence TEXT,
    current_structure TEXT,
    local_concerns TEXT,
    pcp_coverage TEXT NOT NULL DEFAULT 'not mentioned'
        CHECK (pcp_coverage IN ('named', 'covered under a heading', 'not mentioned')),
    pcp_heading TEXT,
    districts TEXT,
    lead_organisation_id INTEGER REFERENCES organisations(id),
    lead_officer TEXT,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'agreed', 'retired')),
    agreed_meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    {_date('review_date')},
    basis TEXT NOT NULL DEFAULT 'strategic assessment' CHECK (basis IN (
        'strategic assessment', 'local determination', 'statutory duty')),
    notes TEXT,
    -- The same priority in the year before, when this one was carried forward from it.
    carried_from_id INTEGER REFERENCES priorities(id) ON DELETE SET NULL,
    UNIQUE (financial_year, title)
) STRICT;

-- Safer Streets and action tracking -------------------------------------------------------

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
    -- A review's action plan is a programme without money.
    kind TEXT NOT NULL DEFAULT 'funded' CHECK (kind IN ('funded', 'action plan')),
    funder TEXT,
    round TEXT,
    award_pence INTEGER CHECK (award_pence IS NULL OR award_pence >= 0),
    match_funding_pence INTEGER CHECK (match_funding_pence IS NULL OR match_funding_pence >= 0),
    {_date('start_date')},
    {_date('end_date')},
    themes TEXT,
    areas TEXT,
    notes TEXT,
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
) STRICT;

-- Money cannot move between financial years: each year has its own ceiling.
CREATE TABLE programme_year_limits (
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    financial_year TEXT NOT NULL CHECK (financial_year GLOB {FIN_YEAR}),
    {_date('spend_by')},
    limit_pence INTEGER NOT NULL CHECK (limit_pence >= 0),
    PRIMARY KEY (programme_id, financial_year)
) STRICT;

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL CHECK (trim(title) <> ''),
    theme TEXT,
    heading TEXT,
    intervention TEXT CHECK (intervention IS NULL OR intervention IN (
        'CCTV', 'lighting', 'gating', 'target hardening', 'guardianship and wardens',
        'education and awareness', 'night of action', 'environmental', 'other')),
    location TEXT,
    district_id INTEGER REFERENCES areas(id),
    owner_organisation_id INTEGER REFERENCES organisations(id),
    owner_officer TEXT,
    status TEXT NOT NULL DEFAULT 'not started'
        CHECK (status IN ('not started', 'in progress', 'complete', 'cancelled')),
    {_date('planned_start')},
    {_date('planned_end')},
    {_date('completed_on')},
    budget_pence INTEGER CHECK (budget_pence IS NULL OR budget_pence >= 0),
    output_count INTEGER CHECK (output_count IS NULL OR output_count >= 0),
    output_unit TEXT,
    evidence TEXT,
    rag_override TEXT CHECK (rag_override IS NULL OR rag_override IN ('red', 'amber', 'green')),
    rag_override_reason TEXT,
    priority_id INTEGER REFERENCES priorities(id) ON DELETE SET NULL,
    CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
    CHECK (completed_on IS NULL OR planned_start IS NULL OR completed_on >= planned_start),
    CHECK (rag_override IS NULL OR trim(coalesce(rag_override_reason, '')) <> '')
) STRICT;
CREATE INDEX actions_programme ON actions(programme_id);

CREATE TABLE action_spend (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    -- Financial quarter, e.g. '2023/24 Q1' (April to June 2023).
    quarter TEXT NOT NULL CHECK (quarter GLOB {FIN_YEAR[:-1]} Q[1-4]'),
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    PRIMARY KEY (action_id, quarter)
) STRICT;

-- Progress updates are a dated history, never overwritten.
CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    {_date('date', required=True)},
    text TEXT NOT NULL CHECK (trim(text) <> ''),
    author TEXT
) STRICT;
CREATE INDEX action_updates_action ON action_updates(action_id, date);
"""
