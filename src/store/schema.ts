/** The store's tables. Times are milliseconds since the epoch. */
export const schemaSql = `
create table if not exists runs (
  id integer primary key,
  owner text not null,
  repo text not null,
  installation_id integer not null,
  issue_number integer not null,
  workflow text not null,
  workflow_path text not null,
  workflow_sha text not null,
  workflow_source text not null,
  input text not null,
  ctx text not null,
  outcomes text not null default '{}',
  status text not null,
  requester_id integer not null,
  requester_login text not null,
  request_body text not null default '',
  created_at integer not null,
  finished_at integer,
  unique (owner, repo, issue_number)
);
create table if not exists steps (
  id integer primary key,
  run_id integer not null references runs(id),
  task text not null,
  action text not null,
  status text not null,
  input text,
  result text,
  note text,
  actor text,
  started_at integer,
  finished_at integer
);
create index if not exists steps_run on steps (run_id, status);
create table if not exists inquiries (
  id integer primary key,
  run_id integer not null references runs(id),
  step_id integer not null unique references steps(id),
  task text not null,
  kind text not null default 'ask',
  spec text not null,
  approvals integer not null,
  deadline integer not null,
  reminded integer not null default 0,
  comment_id integer,
  status text not null
);
create index if not exists inquiries_open on inquiries (status, deadline);
create table if not exists responses (
  id integer primary key,
  inquiry_id integer not null references inquiries(id),
  user_id integer not null,
  login text not null,
  comment_id integer not null,
  body_hash text not null,
  response text not null,
  receipt text not null,
  at integer not null,
  unique (inquiry_id, user_id)
);
create table if not exists deliveries (
  id text primary key,
  event text not null,
  at integer not null
);
create table if not exists effects (
  key text primary key,
  run_id integer,
  state text not null,
  result text
);
create table if not exists events (
  id integer primary key,
  run_id integer not null,
  at integer not null,
  kind text not null,
  data text not null
);
create table if not exists inbox (
  id integer primary key,
  delivery_id text not null unique,
  run_id integer not null,
  data text not null,
  attempts integer not null default 0,
  at integer not null
);
create index if not exists inbox_run on inbox (run_id, id);
create table if not exists factor_tokens (
  hash text primary key,
  run_id integer not null,
  step_id integer not null,
  user_id integer not null,
  login text not null,
  csrf text not null,
  expires_at integer not null,
  failures integer not null default 0,
  state text not null
);
`;
