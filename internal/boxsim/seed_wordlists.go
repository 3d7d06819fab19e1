package boxsim

// Word lists for seed data. A few entries carry non-ASCII letters,
// apostrophes and hyphens on purpose: clients must not assume ASCII names.

var firstNames = []string{
	"Aaron", "Abigail", "Adam", "Adriana", "Ahmed", "Aiko", "Alejandro", "Alice", "Amara", "Amelia",
	"Ana", "Andrea", "Andrew", "Anika", "Anna", "Arjun", "Ava", "Beatriz", "Benjamin", "Björn",
	"Carlos", "Caroline", "Charlotte", "Chen", "Chloé", "Christopher", "Daniel", "David", "Deepika", "Diego",
	"Dmitri", "Elena", "Eli", "Elif", "Elizabeth", "Emily", "Emma", "Ethan", "Fatima", "Felipe",
	"François", "Freya", "Gabriel", "Grace", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Ines", "Isabella",
	"Ivan", "Jack", "Jacob", "James", "Jasmine", "Javier", "Jennifer", "Jessica", "Ji-woo", "John",
	"José", "Joseph", "Julia", "Jürgen", "Kai", "Karen", "Kateřina", "Kevin", "Kwame", "Laura",
	"Leila", "Liam", "Linda", "Lucas", "Lucía", "Łukasz", "Maria", "Mariam", "Mark", "Mateo",
	"Matthew", "Mei", "Mia", "Michael", "Mohammed", "Nadia", "Naomi", "Nathan", "Nia", "Noah",
	"Nora", "Oliver", "Olivia", "Omar", "Ömer", "Pablo", "Patricia", "Paul", "Priya", "Rafael",
	"Rahul", "Rebecca", "Ren", "Robert", "Rosa", "Ryan", "Samuel", "Sara", "Sarah", "Sebastián",
	"Sofia", "Søren", "Sophie", "Stefan", "Susan", "Takeshi", "Thomas", "Valentina", "Victoria", "William",
	"Yara", "Yusuf", "Zainab", "Zoë",
}

var lastNames = []string{
	"Abbott", "Adeyemi", "Alvarez", "Andersen", "Anderson", "Bailey", "Baker", "Banerjee", "Becker", "Bennett",
	"Brown", "Campbell", "Carter", "Castro", "Chen", "Clark", "Collins", "Cruz", "Da Silva", "Davies",
	"Davis", "Dubois", "Dupont", "Edwards", "Evans", "Fernández", "Fischer", "Fitzgerald", "García", "Gómez",
	"González", "Green", "Gupta", "Hall", "Hansen", "Harris", "Hernández", "Hoffmann", "Hughes", "Ito",
	"Jackson", "Jansen", "Johansson", "Johnson", "Jones", "Kaur", "Kelly", "Kim", "King", "Kowalski",
	"Kumar", "Larsen", "Lee", "Lefèvre", "Li", "Lopez", "Martin", "Martínez", "Meyer", "Miller",
	"Mitchell", "Moore", "Morales", "Müller", "Murphy", "Nakamura", "Nguyen", "Novák", "Nowak", "O'Brien",
	"O'Connor", "Okafor", "Olsen", "Ortiz", "Park", "Patel", "Perez", "Petrov", "Phillips", "Pérez",
	"Quinn", "Ramirez", "Reddy", "Reyes", "Roberts", "Robinson", "Rodríguez", "Rossi", "Russo", "Sánchez",
	"Sato", "Schmidt", "Schneider", "Scott", "Shah", "Silva", "Singh", "Smith", "Smith-Jones", "Suzuki",
	"Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Van der Berg", "Wagner", "Walker", "Wang", "Watanabe",
	"Weber", "White", "Williams", "Wilson", "Wójcik", "Wright", "Yamamoto", "Yılmaz", "Young", "Zhang",
}

var jobTitles = []string{
	"Account Executive", "Accountant", "Business Analyst", "Chief Financial Officer", "Chief Technology Officer",
	"Compliance Officer", "Content Strategist", "Customer Success Manager", "Data Analyst", "Data Engineer",
	"Designer", "DevOps Engineer", "Director of Engineering", "Director of Marketing", "Engineering Manager",
	"Executive Assistant", "Facilities Coordinator", "Financial Analyst", "HR Business Partner", "IT Administrator",
	"Legal Counsel", "Marketing Manager", "Office Manager", "Operations Manager", "Paralegal",
	"Product Designer", "Product Manager", "Program Manager", "Project Manager", "QA Engineer",
	"Recruiter", "Research Scientist", "Sales Engineer", "Sales Manager", "Security Engineer",
	"Senior Software Engineer", "Site Reliability Engineer", "Software Engineer", "Solutions Architect", "Support Engineer",
	"Technical Writer", "UX Researcher", "VP of Sales", "Vice President, Operations",
}

// languages are weighted toward English by repetition.
var languages = []string{
	"en", "en", "en", "en", "en", "en", "en", "en", "en", "en",
	"en", "en", "en", "fr", "fr", "de", "de", "es", "es", "ja",
	"nl", "it", "pt", "ko", "zh-CN", "sv", "pl", "tr",
}

var timezones = []string{
	"America/Los_Angeles", "America/Los_Angeles", "America/New_York", "America/New_York",
	"America/Chicago", "America/Denver", "America/Sao_Paulo", "America/Toronto",
	"Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw",
	"Asia/Tokyo", "Asia/Kolkata", "Asia/Singapore", "Asia/Seoul", "Australia/Sydney",
}

// domains of the simulated enterprise's managed users.
var domains = []string{"acme.example.com", "acme.example.com", "acme.example.com", "eu.acme.example.com", "acme-labs.example.com"}

// partners are the enterprises external users belong to.
var partners = []struct{ id, name, domain string }{
	{"800101", "Globex Corporation", "globex.example.com"},
	{"800102", "Initech", "initech.example.org"},
	{"800103", "Umbrella Holdings", "umbrella.example.net"},
}

var appUserKinds = []string{
	"Kiosk Device", "Build Bot", "Scanner", "Contract Portal", "Signage Player", "Archive Worker",
	"Intake Form", "Backup Agent",
}

var departments = []string{
	"Engineering", "Finance", "Human Resources", "Legal", "Marketing", "Sales", "Support", "IT",
	"Operations", "Procurement", "Security", "Design", "Product", "Research", "Data Science",
	"Facilities", "Customer Success", "Partnerships", "Compliance", "Quality Assurance",
	"Communications", "Accounting", "Recruiting", "Internal Audit", "Business Development",
}

var regions = []string{
	"EMEA", "APAC", "LATAM", "North America", "DACH", "Nordics", "Benelux", "UK & Ireland",
	"Berlin", "Paris", "Tokyo", "São Paulo", "Zürich", "Österreich", "München", "New York",
	"San Francisco", "Singapore", "Sydney", "Toronto", "Bangalore", "Kraków", "Dublin", "Madrid",
}

var teams = []string{
	"Platform", "Payroll", "Onboarding", "Enablement", "Analytics", "Infrastructure", "Mobile",
	"Field Ops", "Leadership", "Contractors", "Interns", "Managers", "Approvers", "Reviewers",
	"On-Call", "Tier 2", "Editors", "Viewers", "Budget Owners", "Champions",
}

var codenames = []string{
	"Aurora", "Atlas", "Beacon", "Bluebird", "Cascade", "Cobalt", "Comet", "Condor", "Delta",
	"Ember", "Falcon", "Fjord", "Galaxy", "Granite", "Harbor", "Helix", "Horizon", "Indigo",
	"Juniper", "Kestrel", "Lighthouse", "Lotus", "Magnolia", "Mercury", "Meridian", "Nebula",
	"Nimbus", "Obsidian", "Orion", "Osprey", "Pegasus", "Phoenix", "Polaris", "Quartz",
	"Redwood", "Sapphire", "Sequoia", "Sierra", "Solstice", "Summit", "Tangerine", "Tundra",
	"Vanguard", "Vega", "Willow", "Zephyr",
}

// nonASCIIPrefixes start group names with letters outside ASCII, so prefix
// partitioning over filter_term must cope with them.
var nonASCIIPrefixes = []string{"Équipe", "Übersetzung", "Øresund", "Ärzteteam", "Île-de-France", "Ørsted", "Ñandú", "Ōsaka"}

// oddNames start with digits or punctuation.
var oddNames = []string{
	"2024 Interns", "2025 Summit Planning", "3D Printing Lab", "24x7 On-Call", "401k Committee",
	"#ops-oncall", "#random-social", "[Archived] Sales 2019", "(Legacy) Finance Share", "_svc-backup-readers",
	"@mentions-triage", "R&D Europe", "C-Suite", "Q3 Board Prep", "ISO 27001 Auditors", "100 Club",
	"*Restricted* M&A", "9-to-5 Volunteers", "$ Pricing Council", "+Plus Pilot", "'Quoted' Team", "~home-office",
}

var provenances = []string{"Active Directory", "Okta", "Google Groups", "Azure AD"}

// File and folder names for the sources of file events.
var fileNames = []string{
	"Q3 Forecast.xlsx", "Board Deck.pptx", "Contract - Signed.pdf", "Onboarding Checklist.docx",
	"Roadmap 2025.pdf", "Invoice 10442.pdf", "Brand Guidelines.pdf", "Team Offsite Photos.zip",
	"Security Review.docx", "Pricing Model.xlsx", "Résumé - Candidate.pdf", "Meeting Notes.boxnote",
}

var folderNames = []string{"Finance", "Sales", "Legal", "HR", "Engineering", "Marketing", "Shared", "Projects"}
