// The site data behind the pages, one CSV per series, for readers who want the whole thing.
import type { APIRoute, GetStaticPaths } from 'astro';
import { toCsv } from '../../lib/csv.ts';
import { siteData } from '../../lib/data.ts';
import { downloads } from '../../lib/downloads.ts';

function csvOf<T extends object>(rows: T[]): string {
  const first = rows[0];
  return toCsv(rows, first ? (Object.keys(first) as Array<keyof T & string>) : []);
}

export const getStaticPaths = (() => Object.keys(downloads).map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const file = downloads[params.name ?? ''];
  if (!file) return new Response('Not found', { status: 404 });
  return new Response(csvOf(file.rows(siteData())), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
