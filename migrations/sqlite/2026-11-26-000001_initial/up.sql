-- The same DDL runs on SQLite and PostgreSQL: ids are UUID text, timestamps are UTC without a
-- zone (the application writes UTC only), lists that are never filtered on are JSON text.

CREATE TABLE categories (
    key TEXT PRIMARY KEY NOT NULL,
    colour TEXT NOT NULL,
    icon TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL,
    featured BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL
);

CREATE TABLE focus_areas (
    key TEXT PRIMARY KEY NOT NULL,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_ar TEXT,
    category_key TEXT NOT NULL REFERENCES categories (key),
    description TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    precision TEXT NOT NULL CHECK (precision IN ('exact', 'approximate')),
    website TEXT,
    links TEXT NOT NULL DEFAULT '[]',
    languages TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'hidden', 'archived')),
    -- Where the entry came from: demo, import, admin or submission (demo rows are removable at once).
    origin TEXT NOT NULL,
    -- Name, Arabic name, description and city folded by shared::text::normalize_for_search.
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_confirmed_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);

CREATE INDEX organizations_status_latitude ON organizations (status, latitude);
CREATE INDEX organizations_status_country ON organizations (status, country);
CREATE INDEX organizations_status_category ON organizations (status, category_key);
CREATE INDEX organizations_updated_at ON organizations (updated_at);
CREATE INDEX organizations_origin ON organizations (origin);

CREATE TABLE organization_focus_areas (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    focus_area_key TEXT NOT NULL REFERENCES focus_areas (key),
    PRIMARY KEY (organization_id, focus_area_key)
);

CREATE INDEX organization_focus_areas_key ON organization_focus_areas (focus_area_key);

-- Private fields live apart so that no public query can select them by accident.
CREATE TABLE organization_private (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    contact_email TEXT,
    internal_notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE resources (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    language TEXT NOT NULL,
    summary TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('published', 'hidden')),
    origin TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE resource_organizations (
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, organization_id)
);

CREATE TABLE partnerships (
    id TEXT PRIMARY KEY NOT NULL,
    global_organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    jerusalem_organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('published', 'hidden')),
    origin TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (global_organization_id, jerusalem_organization_id)
);

-- Bumped by every write transaction that changes public data; servers poll it to know when to
-- rebuild their in-memory index of published organisations (also across processes).
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO data_version (id, version) VALUES (1, 1);

INSERT INTO categories (key, colour, icon, name_en, name_ar, name_fr, name_es, featured, position) VALUES
('jerusalem_grassroots', '#007a3d', 'star', 'Jerusalem Grassroots Organisation', 'مؤسسة قاعدية مقدسية', 'Organisation de base de Jérusalem', 'Organización de base de Jerusalén', TRUE, 1),
('solidarity_group', '#c8102e', 'circle', 'Solidarity Group', 'مجموعة تضامن', 'Groupe de solidarité', 'Grupo de solidaridad', FALSE, 2),
('student_group', '#1f4e9c', 'square', 'Student Group', 'مجموعة طلابية', 'Groupe étudiant', 'Grupo estudiantil', FALSE, 3),
('faith_based_community', '#6b3a8c', 'diamond', 'Faith-Based Community', 'مجتمع ديني', 'Communauté confessionnelle', 'Comunidad de fe', FALSE, 4),
('palestinian_diaspora', '#a04b00', 'triangle', 'Palestinian Diaspora', 'الشتات الفلسطيني', 'Diaspora palestinienne', 'Diáspora palestina', FALSE, 5),
('media', '#00686f', 'hexagon', 'Media', 'إعلام', 'Médias', 'Medios', FALSE, 6),
('research_institute', '#4d4d4d', 'pentagon', 'Research Institute', 'مؤسسة بحثية', 'Institut de recherche', 'Instituto de investigación', FALSE, 7);

INSERT INTO focus_areas (key, name_en, name_ar, name_fr, name_es, position) VALUES
('housing', 'Housing', 'السكن', 'Logement', 'Vivienda', 1),
('culture', 'Culture', 'الثقافة', 'Culture', 'Cultura', 2),
('education', 'Education', 'التعليم', 'Éducation', 'Educación', 3),
('youth', 'Youth', 'الشباب', 'Jeunesse', 'Juventud', 4),
('women', 'Women', 'المرأة', 'Femmes', 'Mujeres', 5),
('children', 'Children', 'الأطفال', 'Enfance', 'Infancia', 6),
('legal_aid', 'Legal aid', 'المساعدة القانونية', 'Aide juridique', 'Asistencia jurídica', 7),
('health', 'Health', 'الصحة', 'Santé', 'Salud', 8),
('human_rights', 'Human rights', 'حقوق الإنسان', 'Droits humains', 'Derechos humanos', 9),
('advocacy', 'Advocacy', 'المناصرة', 'Plaidoyer', 'Incidencia', 10),
('bds', 'BDS', 'المقاطعة (BDS)', 'BDS', 'BDS', 11),
('media', 'Media', 'الإعلام', 'Médias', 'Medios', 12),
('research', 'Research', 'البحث', 'Recherche', 'Investigación', 13),
('faith', 'Faith', 'الإيمان', 'Foi', 'Fe', 14),
('labour', 'Labour', 'العمل والنقابات', 'Travail et syndicats', 'Trabajo y sindicatos', 15),
('heritage', 'Heritage', 'التراث', 'Patrimoine', 'Patrimonio', 16),
('environment', 'Environment', 'البيئة', 'Environnement', 'Medio ambiente', 17);
