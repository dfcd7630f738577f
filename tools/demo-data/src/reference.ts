/** Reference lists for realistic demo values: countries, cities, names, domains, companies, job titles. */
import type { Rng, Weighted } from './random.js';

export type CountryCode = 'US' | 'GB' | 'FR' | 'DE' | 'ES' | 'IT' | 'NL' | 'CA';
export type NameLocale = 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl';

export interface City {
  name: string;
  weight: number;
  /** North American area code, for +1 numbers. */
  areaCode?: string;
  /** Overrides the country's name locale (Montreal → French names). */
  locale?: NameLocale;
}

export interface Country {
  code: CountryCode;
  locale: NameLocale;
  cities: readonly City[];
  /** Consumer e-mail providers, weighted. */
  emailDomains: Weighted<string>;
  /** Mobile number in E.164. */
  phone(rng: Rng, city: City): string;
}

const northAmerican = (rng: Rng, city: City): string =>
  `+1${city.areaCode ?? '212'}${rng.int(2, 9)}${rng.digits(2)}${rng.digits(4)}`;

export const COUNTRIES: Record<CountryCode, Country> = {
  US: {
    code: 'US',
    locale: 'en',
    cities: [
      { name: 'New York', weight: 22, areaCode: '212' },
      { name: 'Los Angeles', weight: 14, areaCode: '213' },
      { name: 'Chicago', weight: 11, areaCode: '312' },
      { name: 'Houston', weight: 8, areaCode: '713' },
      { name: 'San Francisco', weight: 9, areaCode: '415' },
      { name: 'Seattle', weight: 8, areaCode: '206' },
      { name: 'Boston', weight: 8, areaCode: '617' },
      { name: 'Austin', weight: 7, areaCode: '512' },
      { name: 'Miami', weight: 7, areaCode: '305' },
      { name: 'Denver', weight: 6, areaCode: '303' },
    ],
    emailDomains: [
      ['gmail.com', 48],
      ['yahoo.com', 14],
      ['outlook.com', 10],
      ['hotmail.com', 8],
      ['icloud.com', 12],
      ['aol.com', 4],
      ['comcast.net', 4],
    ],
    phone: northAmerican,
  },
  CA: {
    code: 'CA',
    locale: 'en',
    cities: [
      { name: 'Toronto', weight: 35, areaCode: '416' },
      { name: 'Montreal', weight: 25, areaCode: '514', locale: 'fr' },
      { name: 'Vancouver', weight: 20, areaCode: '604' },
      { name: 'Calgary', weight: 10, areaCode: '403' },
      { name: 'Ottawa', weight: 10, areaCode: '613' },
    ],
    emailDomains: [
      ['gmail.com', 50],
      ['hotmail.com', 14],
      ['outlook.com', 10],
      ['yahoo.ca', 10],
      ['icloud.com', 8],
      ['rogers.com', 4],
      ['shaw.ca', 4],
    ],
    phone: northAmerican,
  },
  GB: {
    code: 'GB',
    locale: 'en',
    cities: [
      { name: 'London', weight: 40 },
      { name: 'Manchester', weight: 12 },
      { name: 'Birmingham', weight: 11 },
      { name: 'Leeds', weight: 8 },
      { name: 'Glasgow', weight: 8 },
      { name: 'Bristol', weight: 8 },
      { name: 'Edinburgh', weight: 7 },
      { name: 'Liverpool', weight: 6 },
    ],
    emailDomains: [
      ['gmail.com', 42],
      ['hotmail.co.uk', 14],
      ['outlook.com', 12],
      ['yahoo.co.uk', 10],
      ['icloud.com', 10],
      ['btinternet.com', 7],
      ['sky.com', 5],
    ],
    phone: (rng) => `+447${rng.int(4, 9)}${rng.digits(8)}`,
  },
  FR: {
    code: 'FR',
    locale: 'fr',
    cities: [
      { name: 'Paris', weight: 38 },
      { name: 'Lyon', weight: 12 },
      { name: 'Marseille', weight: 11 },
      { name: 'Toulouse', weight: 9 },
      { name: 'Bordeaux', weight: 8 },
      { name: 'Lille', weight: 8 },
      { name: 'Nantes', weight: 7 },
      { name: 'Nice', weight: 7 },
    ],
    emailDomains: [
      ['gmail.com', 40],
      ['orange.fr', 14],
      ['hotmail.fr', 12],
      ['free.fr', 10],
      ['yahoo.fr', 8],
      ['laposte.net', 6],
      ['outlook.fr', 6],
      ['sfr.fr', 4],
    ],
    phone: (rng) => `+33${rng.int(6, 7)}${rng.digits(8)}`,
  },
  DE: {
    code: 'DE',
    locale: 'de',
    cities: [
      { name: 'Berlin', weight: 24 },
      { name: 'Hamburg', weight: 15 },
      { name: 'Munich', weight: 15 },
      { name: 'Cologne', weight: 11 },
      { name: 'Frankfurt', weight: 10 },
      { name: 'Stuttgart', weight: 9 },
      { name: 'Düsseldorf', weight: 8 },
      { name: 'Leipzig', weight: 8 },
    ],
    emailDomains: [
      ['gmail.com', 30],
      ['gmx.de', 22],
      ['web.de', 20],
      ['t-online.de', 12],
      ['outlook.de', 8],
      ['posteo.de', 4],
      ['icloud.com', 4],
    ],
    phone: (rng) => `+49${rng.pick(['151', '152', '157', '160', '162', '170', '171', '172', '176', '178'])}${rng.digits(8)}`,
  },
  ES: {
    code: 'ES',
    locale: 'es',
    cities: [
      { name: 'Madrid', weight: 35 },
      { name: 'Barcelona', weight: 30 },
      { name: 'Valencia', weight: 12 },
      { name: 'Seville', weight: 10 },
      { name: 'Bilbao', weight: 7 },
      { name: 'Málaga', weight: 6 },
    ],
    emailDomains: [
      ['gmail.com', 52],
      ['hotmail.es', 18],
      ['yahoo.es', 10],
      ['outlook.es', 10],
      ['telefonica.net', 5],
      ['icloud.com', 5],
    ],
    phone: (rng) => `+34${rng.int(6, 7)}${rng.digits(8)}`,
  },
  IT: {
    code: 'IT',
    locale: 'it',
    cities: [
      { name: 'Milan', weight: 30 },
      { name: 'Rome', weight: 30 },
      { name: 'Turin', weight: 12 },
      { name: 'Naples', weight: 11 },
      { name: 'Bologna', weight: 9 },
      { name: 'Florence', weight: 8 },
    ],
    emailDomains: [
      ['gmail.com', 45],
      ['libero.it', 16],
      ['hotmail.it', 12],
      ['yahoo.it', 9],
      ['virgilio.it', 8],
      ['alice.it', 5],
      ['outlook.it', 5],
    ],
    phone: (rng) => `+393${rng.int(2, 9)}${rng.digits(8)}`,
  },
  NL: {
    code: 'NL',
    locale: 'nl',
    cities: [
      { name: 'Amsterdam', weight: 38 },
      { name: 'Rotterdam', weight: 22 },
      { name: 'The Hague', weight: 16 },
      { name: 'Utrecht', weight: 14 },
      { name: 'Eindhoven', weight: 10 },
    ],
    emailDomains: [
      ['gmail.com', 45],
      ['hotmail.nl', 14],
      ['outlook.com', 12],
      ['ziggo.nl', 10],
      ['kpnmail.nl', 8],
      ['live.nl', 6],
      ['icloud.com', 5],
    ],
    phone: (rng) => `+316${rng.digits(8)}`,
  },
};

/** Consumer brand audience: US-heavy with a strong European presence. */
export const CONSUMER_COUNTRY_WEIGHTS: Weighted<CountryCode> = [
  ['US', 38],
  ['GB', 14],
  ['FR', 13],
  ['DE', 13],
  ['ES', 6],
  ['IT', 6],
  ['NL', 4],
  ['CA', 6],
];

/** Industrial supplier: European manufacturer with North American customers. */
export const BUSINESS_COUNTRY_WEIGHTS: Weighted<CountryCode> = [
  ['DE', 24],
  ['US', 22],
  ['FR', 13],
  ['GB', 11],
  ['IT', 10],
  ['ES', 7],
  ['NL', 7],
  ['CA', 6],
];

export const FIRST_NAMES: Record<NameLocale, readonly string[]> = {
  en: [
    'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
    'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen',
    'Daniel', 'Emily', 'Matthew', 'Nancy', 'Anthony', 'Lisa', 'Mark', 'Ashley', 'Andrew', 'Michelle',
    'Joshua', 'Amanda', 'Ryan', 'Olivia', 'Oliver', 'Sophie', 'Jack', 'Charlotte', 'Harry', 'Grace',
    'Ethan', 'Chloe', 'Noah', 'Emma', 'Liam', 'Hannah', 'Benjamin', 'Megan', 'Samuel', 'Rachel',
  ],
  fr: [
    'Jean', 'Marie', 'Pierre', 'Nathalie', 'Nicolas', 'Isabelle', 'Julien', 'Sophie', 'Thomas', 'Camille',
    'Antoine', 'Claire', 'Sébastien', 'Céline', 'Maxime', 'Julie', 'Guillaume', 'Élodie', 'Alexandre', 'Aurélie',
    'Mathieu', 'Laura', 'François', 'Manon', 'Hugo', 'Chloé', 'Louis', 'Léa', 'Lucas', 'Émilie',
    'Romain', 'Sarah', 'Vincent', 'Pauline', 'Olivier', 'Inès', 'Arthur', 'Juliette', 'Théo', 'Margaux',
  ],
  de: [
    'Thomas', 'Sabine', 'Michael', 'Julia', 'Andreas', 'Katrin', 'Stefan', 'Anna', 'Markus', 'Laura',
    'Christian', 'Sandra', 'Jan', 'Lena', 'Tobias', 'Claudia', 'Florian', 'Nicole', 'Sebastian', 'Stefanie',
    'Alexander', 'Melanie', 'Daniel', 'Lisa', 'Lukas', 'Johanna', 'Felix', 'Sarah', 'Jonas', 'Leonie',
    'Matthias', 'Hannah', 'Philipp', 'Franziska', 'Maximilian', 'Katharina', 'Jürgen', 'Birgit', 'Niklas', 'Mia',
  ],
  es: [
    'Antonio', 'María', 'José', 'Carmen', 'Manuel', 'Ana', 'Francisco', 'Laura', 'David', 'Isabel',
    'Javier', 'Lucía', 'Daniel', 'Marta', 'Carlos', 'Cristina', 'Miguel', 'Paula', 'Alejandro', 'Elena',
    'Pablo', 'Sara', 'Sergio', 'Raquel', 'Jorge', 'Pilar', 'Álvaro', 'Andrea', 'Diego', 'Nuria',
  ],
  it: [
    'Marco', 'Giulia', 'Alessandro', 'Francesca', 'Andrea', 'Chiara', 'Luca', 'Sara', 'Giuseppe', 'Valentina',
    'Matteo', 'Alessia', 'Lorenzo', 'Martina', 'Davide', 'Elena', 'Francesco', 'Federica', 'Stefano', 'Silvia',
    'Simone', 'Laura', 'Roberto', 'Paola', 'Giovanni', 'Elisa', 'Riccardo', 'Anna', 'Paolo', 'Giorgia',
  ],
  nl: [
    'Jan', 'Anna', 'Pieter', 'Sanne', 'Daan', 'Lotte', 'Thijs', 'Emma', 'Bram', 'Femke',
    'Lars', 'Eva', 'Ruben', 'Lisa', 'Sem', 'Iris', 'Jeroen', 'Marieke', 'Bas', 'Anouk',
    'Koen', 'Esther', 'Niels', 'Sophie', 'Wouter', 'Fleur', 'Tim', 'Julia', 'Joost', 'Noor',
  ],
};

export const LAST_NAMES: Record<NameLocale, readonly string[]> = {
  en: [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
    'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
    'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson',
    'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins',
    'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Hughes', 'Patel',
    'Nguyen', 'Kim', 'Garcia', 'Rodriguez', 'Lee', 'Bennett', 'Wood', 'Watson', 'Reed', 'Brooks',
  ],
  fr: [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
    'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
    'Morel', 'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
    'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas',
  ],
  de: [
    'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
    'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
    'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
    'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber',
  ],
  es: [
    'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
    'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
    'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina',
  ],
  it: [
    'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
    'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti',
    'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone',
  ],
  nl: [
    'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
    'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
    'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen',
  ],
};

export const INDUSTRIES = [
  'Manufacturing',
  'Logistics',
  'Energy',
  'Construction',
  'Automotive',
  'Chemicals',
  'Food & Beverage',
  'Aerospace',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Second word of a company name, by industry. More words → more accounts in that industry. */
export const INDUSTRY_NOUNS: Record<Industry, readonly string[]> = {
  Manufacturing: ['Industries', 'Manufacturing', 'Machinery', 'Components', 'Metalworks', 'Tooling', 'Fabrication', 'Precision', 'Plastics', 'Castings'],
  Logistics: ['Logistics', 'Freight', 'Transport', 'Shipping', 'Distribution', 'Cargo'],
  Energy: ['Energy', 'Power', 'Renewables', 'Utilities', 'Solar', 'Grid', 'Wind'],
  Construction: ['Construction', 'Builders', 'Engineering', 'Infrastructure', 'Structures', 'Contractors'],
  Automotive: ['Automotive', 'Motors', 'Mobility', 'Drivetrain', 'Vehicle Systems'],
  Chemicals: ['Chemicals', 'Coatings', 'Polymers', 'Materials'],
  'Food & Beverage': ['Foods', 'Beverages', 'Dairy', 'Bakeries', 'Brewing'],
  Aerospace: ['Aerospace', 'Aviation', 'Avionics'],
};

/** First part of company names: compounds like "Ironbridge", "Northgate". */
export const COMPANY_HEADS = [
  'Iron', 'North', 'Silver', 'Stone', 'Blue', 'Oak', 'Red', 'Summit', 'Falcon', 'Granite',
  'Harbor', 'Eagle', 'Pine', 'Atlas', 'Vector', 'Apex', 'Crown', 'Delta', 'Meridian', 'Orion',
  'Nordic', 'Alpine', 'Rhine', 'Baltic', 'Pacific', 'Atlantic', 'Sterling', 'Copper', 'Cobalt', 'Titan',
] as const;

export const COMPANY_TAILS = [
  'bridge', 'gate', 'field', 'wood', 'stone', 'point', 'line', 'works', 'ridge', 'port',
  'crest', 'forge', 'star', 'wave', 'vale', 'mark', 'hill', 'land', 'way', 'haven',
] as const;

export const LEGAL_FORMS: Record<CountryCode, readonly string[]> = {
  US: ['Inc.', 'Corp.', 'LLC'],
  CA: ['Inc.', 'Ltd.', 'Corp.'],
  GB: ['Ltd', 'plc', 'Group'],
  FR: ['SA', 'SAS', 'Groupe'],
  DE: ['GmbH', 'AG', 'GmbH & Co. KG'],
  ES: ['S.A.', 'S.L.'],
  IT: ['S.p.A.', 'S.r.l.'],
  NL: ['B.V.', 'N.V.'],
};

export const COMPANY_TLD: Record<CountryCode, Weighted<string>> = {
  US: [['com', 1]],
  CA: [['com', 2], ['ca', 1]],
  GB: [['co.uk', 2], ['com', 1]],
  FR: [['fr', 2], ['com', 1]],
  DE: [['de', 3], ['com', 1]],
  ES: [['es', 2], ['com', 1]],
  IT: [['it', 2], ['com', 1]],
  NL: [['nl', 2], ['com', 1]],
};

export const SENIORITIES = ['c-level', 'vp', 'director', 'manager', 'staff'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const JOB_TITLES: Record<Seniority, readonly string[]> = {
  'c-level': ['Chief Executive Officer', 'Chief Financial Officer', 'Chief Operating Officer', 'Chief Technology Officer', 'Chief Procurement Officer', 'Managing Director'],
  vp: ['VP Operations', 'VP Supply Chain', 'VP Engineering', 'VP Sales', 'VP Manufacturing', 'VP Purchasing'],
  director: ['Director of Procurement', 'Plant Director', 'Director of Logistics', 'IT Director', 'Director of Engineering', 'Quality Director', 'Maintenance Director'],
  manager: ['Purchasing Manager', 'Maintenance Manager', 'Operations Manager', 'Quality Manager', 'Supply Chain Manager', 'Plant Manager', 'Category Manager', 'HSE Manager'],
  staff: ['Buyer', 'Procurement Specialist', 'Maintenance Engineer', 'Process Engineer', 'Logistics Coordinator', 'Quality Technician', 'Production Planner', 'Field Service Engineer', 'Inside Sales Representative'],
};
