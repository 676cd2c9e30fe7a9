-- The two applications' own tables, as their frameworks made them, to try the
-- existing-table examples on a fresh database:
--   psql "$DATABASE_URL" -f examples/datasets/existing-tables/tables.sql
-- Sluice adds nothing to them (no column, index or trigger).

-- Django, pacientes.Cliente (managed by the clinic application)
create table if not exists pacientes_cliente (
  id serial primary key,
  nombre_completo varchar(200) not null,
  rut varchar(12) not null,
  email varchar(254),
  telefono varchar(20),
  fecha_nacimiento date,
  alergias text,
  activo boolean not null default true,
  fecha_creacion timestamptz not null default now()
);
create index if not exists pacientes_cliente_rut on pacientes_cliente (rut);
create index if not exists pacientes_cliente_email on pacientes_cliente (email);

-- Spring/JPA, the CRM's dossier entity
create table if not exists dossier (
  id bigserial primary key,
  agency_id bigint not null,
  full_name varchar(200) not null,
  phone varchar(32) not null,
  email varchar(254),
  source varchar(20) not null,
  lead_source varchar(500),
  status varchar(20) not null default 'NEW',
  score integer,
  notes text,
  created_at timestamp not null default now(),
  updated_at timestamp not null default now()
);
create index if not exists dossier_agency_phone on dossier (agency_id, phone);
