import type { Rng } from './prng.ts';
import { ascii } from './world.ts';

/** Fictional people and companies for the demo's leads. */

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy',
  'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven', 'Ashley', 'Andrew', 'Emily', 'Kevin', 'Michelle', 'Brian', 'Amanda',
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Jonas', 'Lena', 'Felix',
  'Clara', 'Luca', 'Giulia', 'Kenji', 'Aisha', 'Wei', 'Priya', 'Omar', 'Fatima', 'Mateo', 'Hannah', 'Samuel', 'Grace',
  'José', 'María', 'François', 'Zoë', 'Søren', 'Anaïs', 'Björn', 'Chloé', 'Raúl', 'Inés',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White',
  'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres',
  'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Schmidt', 'Schneider', 'Fischer', 'Dubois', 'Kowalski', 'Jensen', 'Andersson', 'Rossi', 'Bianchi', 'Yamamoto', 'Kim', 'Patel',
  'Singh', 'Cohen', "O'Brien", 'Müller', 'Lefèvre', 'Fernández', 'Peña', 'Novák', 'Šimek',
];
const COMPANY_A = [
  'Blue Harbor', 'Summit', 'Northstar', 'Granite', 'Redwood', 'Silverline', 'Brightpath', 'Ironclad', 'Evergreen', 'Pinnacle',
  'Cascade', 'Meridian', 'Horizon', 'Keystone', 'Lakeside', 'Copperleaf', 'Sterling', 'Bluewater', 'Crestview', 'Oakridge',
  'Trailhead', 'Vantage', 'Westbrook', 'Apex', 'Beacon', 'Clearwater', 'Driftwood', 'Foxglove', 'Highland', 'Juniper',
  'Lighthouse', 'Maple', 'Orchard', 'Quarry', 'Riverbend', 'Sagebrush', 'Tidewater', 'Willow', 'Falcon', 'Harbinger',
];
const COMPANY_B: ReadonlyArray<readonly [string, string]> = [
  ['Logistics', 'Transportation'], ['Health', 'Healthcare'], ['Analytics', 'Technology'], ['Foods', 'Food & Beverage'],
  ['Robotics', 'Manufacturing'], ['Software', 'Technology'], ['Financial', 'Financial Services'], ['Manufacturing', 'Manufacturing'],
  ['Energy', 'Energy'], ['Media', 'Media'], ['Retail', 'Retail'], ['Labs', 'Biotechnology'], ['Systems', 'Technology'],
  ['Bank', 'Banking'], ['Insurance', 'Insurance'], ['Networks', 'Telecommunications'], ['Biotech', 'Biotechnology'],
  ['Freight', 'Transportation'], ['Hospitality', 'Hospitality'], ['Consulting', 'Consulting'], ['Data', 'Technology'],
  ['Security', 'Technology'], ['Devices', 'Electronics'], ['Learning', 'Education'], ['Realty', 'Real Estate'],
];
const LEGAL = ['Inc.', 'LLC', 'Corp.', 'Co.', 'Group', '', '', ''];
const EU_LEGAL: Record<string, string[]> = { Germany: ['GmbH', 'AG'], France: ['SA', 'SAS'], Spain: ['S.L.'], Netherlands: ['B.V.'], 'United Kingdom': ['Ltd', 'plc'], Ireland: ['Ltd'] };

const TITLES = [
  'VP of Marketing', 'Director of Sales Operations', 'RevOps Manager', 'Head of Growth', 'Marketing Operations Manager', 'CMO',
  'Chief Revenue Officer', 'Sales Director', 'Demand Generation Manager', 'Business Analyst', 'CEO', 'Founder', 'IT Manager',
  'Data Analyst', 'VP Sales', 'Marketing Coordinator', 'Head of Revenue Operations', 'Sales Manager',
];
const UNIVERSITIES = ['State University', 'Institute of Technology', 'Business School', 'Community College'];

/** [country, state, routing region, weight, phone prefix] */
const LOCATIONS: ReadonlyArray<readonly [string, string, 'east' | 'west', number, string]> = [
  ['United States', 'NY', 'east', 10, '+1 (212) 555-'], ['United States', 'MA', 'east', 5, '+1 (617) 555-'],
  ['United States', 'NJ', 'east', 3, '+1 (201) 555-'], ['United States', 'PA', 'east', 3, '+1 (215) 555-'],
  ['United States', 'FL', 'east', 4, '+1 (305) 555-'], ['United States', 'GA', 'east', 3, '+1 (404) 555-'],
  ['United States', 'NC', 'east', 2, '+1 (704) 555-'], ['United States', 'IL', 'east', 4, '+1 (312) 555-'],
  ['United States', 'OH', 'east', 2, '+1 (614) 555-'], ['United States', 'VA', 'east', 2, '+1 (703) 555-'],
  ['United States', 'CA', 'west', 20, '+1 (415) 555-'], ['United States', 'WA', 'west', 5, '+1 (206) 555-'],
  ['United States', 'OR', 'west', 2, '+1 (503) 555-'], ['United States', 'CO', 'west', 3, '+1 (303) 555-'],
  ['United States', 'TX', 'west', 7, '+1 (512) 555-'], ['United States', 'AZ', 'west', 2, '+1 (602) 555-'],
  ['United States', 'UT', 'west', 1, '+1 (801) 555-'], ['Canada', 'ON', 'east', 3, '+1 (416) 555-'],
  ['Canada', 'BC', 'west', 2, '+1 (604) 555-'], ['United Kingdom', '', 'east', 5, '+44 20 7946 '],
  ['Germany', '', 'east', 3, '+49 30 9018 '], ['France', '', 'east', 2, '+33 1 7091 '], ['Spain', '', 'east', 1, '+34 91 123 '],
  ['Netherlands', '', 'east', 1, '+31 20 794 '], ['Ireland', '', 'east', 1, '+353 1 555 '], ['Australia', '', 'west', 2, '+61 2 5550 '],
  ['Mexico', '', 'west', 1, '+52 55 5555 '],
];
const PARTNER_LOCATIONS = LOCATIONS.filter(([country]) => ['United Kingdom', 'Germany', 'France', 'Netherlands', 'Ireland', 'Spain'].includes(country));

export interface Person {
  firstName: string;
  lastName: string;
  title: string;
  company: string;
  state: string;
  country: string;
  region: 'east' | 'west';
  phone: string;
  mobilePhone: string;
  email: string;
  industry: string;
  segment: 'SMB' | 'Mid-Market' | 'Enterprise';
  employees: number;
  annualRevenue: number | null;
  student: boolean;
}

function slug(text: string): string {
  return ascii(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function makePerson(rng: Rng, options: { student?: boolean; partner?: boolean } = {}): Person {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const loc = rng.weighted((options.partner ? PARTNER_LOCATIONS : LOCATIONS).map((l) => [l, l[3]] as const));
  const [country, state, region, , phonePrefix] = loc;
  const phone = `${phonePrefix}${String(rng.int(100, 9999)).padStart(4, '0')}`;
  const mobilePhone = rng.chance(0.2) ? `${phonePrefix}${String(rng.int(100, 9999)).padStart(4, '0')}` : '';
  const local = `${slug(firstName)}.${slug(lastName)}`;
  if (options.student) {
    const uni = `${rng.pick(COMPANY_A)} ${rng.pick(UNIVERSITIES)}`;
    return {
      firstName, lastName, title: 'Student', company: uni, state, country, region, phone, mobilePhone,
      email: rng.chance(0.5) ? `${local}${rng.int(1, 99)}@gmail.com` : `${slug(firstName)}${rng.int(10, 99)}@${slug(uni)}.edu`,
      industry: 'Education', segment: 'SMB', employees: rng.int(200, 5000), annualRevenue: null, student: true,
    };
  }
  const [word, industry] = rng.pick(COMPANY_B);
  const a = rng.pick(COMPANY_A);
  const legalPool = EU_LEGAL[country] ?? LEGAL;
  const legal = rng.pick(legalPool);
  const company = `${a} ${word}${legal ? ` ${legal}` : ''}`;
  const segment = rng.weighted([['SMB', 55], ['Mid-Market', 30], ['Enterprise', 15]] as const);
  const employees = segment === 'SMB' ? rng.int(8, 199) : segment === 'Mid-Market' ? rng.int(200, 1999) : rng.int(2000, 60000);
  const annualRevenue = rng.chance(0.6) ? Math.round((employees * rng.uniform(90_000, 260_000)) / 100_000) * 100_000 : null;
  const domain = `${slug(a)}${slug(word)}.${country === 'United Kingdom' ? 'co.uk' : country === 'Germany' ? 'de' : 'com'}`;
  return {
    firstName, lastName, title: rng.pick(TITLES), company, state, country, region, phone, mobilePhone,
    email: `${local}@${domain}`, industry, segment, employees, annualRevenue, student: false,
  };
}
