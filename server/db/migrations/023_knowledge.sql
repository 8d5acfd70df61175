-- Knowledge base (issue #19 points 3, 4, 6): articles per department in German and/or English,
-- their versions (who changed what), views and feedback, self-service attempts that an article
-- ended (deflections), and the first-visit tours a user has seen.
-- pg_trgm gives typo-tolerant search (word_similarity); PGlite loads it in server/db/pglite.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE articles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Lotse's own user guide (guide_key 'agent', 'employee', …) belongs to no department: it ships with
  -- the product and is rewritten from docs/guide/ on every start. Every other article has one.
  department_id uuid REFERENCES departments (id) ON DELETE RESTRICT,
  guide_key text UNIQUE,
  visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'internal')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'review', 'published', 'archived')),
  tags text[] NOT NULL DEFAULT '{}',
  owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
  review_at date,
  -- The problem whose known error published its workaround here (no FK: problems are their own module).
  source_problem_id uuid,
  -- The request whose resolution this article was drafted from.
  source_instance_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  CHECK (department_id IS NOT NULL OR guide_key IS NOT NULL)
);
CREATE INDEX articles_department ON articles (department_id, status);
CREATE INDEX articles_problem ON articles (source_problem_id) WHERE source_problem_id IS NOT NULL;

-- One row per language version; body is the author's Markdown, body_html the sanitised rendering.
CREATE TABLE article_texts (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('de', 'en')),
  title text NOT NULL,
  body text NOT NULL,
  body_html text NOT NULL,
  search tsvector GENERATED ALWAYS AS (
    CASE WHEN language = 'de'
      THEN setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'B')
      ELSE setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    END) STORED,
  PRIMARY KEY (article_id, language)
);
CREATE INDEX article_texts_search ON article_texts USING gin (search);
CREATE INDEX article_texts_title_trgm ON article_texts USING gin (title gin_trgm_ops);

-- Every change as a whole copy: version number, what was done, which fields changed, by whom.
CREATE TABLE article_versions (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  version integer NOT NULL,
  action text NOT NULL,
  changed text[] NOT NULL DEFAULT '{}',
  status text NOT NULL,
  snapshot jsonb NOT NULL,
  note text,
  changed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, version)
);

-- Views and "was this helpful?" per article (one helpful vote per user and article, changeable).
CREATE TABLE article_events (
  id bigserial PRIMARY KEY,
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  department_id uuid REFERENCES departments (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('view', 'helpful', 'unhelpful')),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_events_article ON article_events (article_id, kind);
CREATE INDEX article_events_time ON article_events (at);
CREATE UNIQUE INDEX article_events_vote ON article_events (article_id, user_id) WHERE kind IN ('helpful', 'unhelpful');

-- A portal session that started a request form; "this solved it" ends it as deflected by an article.
CREATE TABLE deflection_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  process_key text NOT NULL,
  department_id uuid REFERENCES departments (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'deflected', 'submitted')),
  article_id uuid REFERENCES articles (id) ON DELETE SET NULL,
  ended_at timestamptz
);
CREATE INDEX deflection_sessions_time ON deflection_sessions (started_at);

CREATE TABLE guide_tours_seen (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tour_key text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, tour_key)
);
