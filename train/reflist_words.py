"""General word lists for the synthetic pages that train the reference-list model.

Common names, title words, places and page furniture of many languages: general knowledge, chosen
for variety, not taken from any corpus the project is measured on.
"""

SURNAMES = """
Abara Abbott Achebe Adeyemi Aguilar Ahmadi Akhtar Albrecht Alvarez Amato Andersson Antonelli Aoki Arslan Asante
Bakker Balogun Banerjee Barbieri Barros Bauer Becker Bellini Benedetti Bergström Bianchi Blanco Boateng Bogdan Borges
Brandt Brennan Brunner Caldera Campbell Cardoso Carvalho Castillo Cavalli Chandra Chen Cheng Chowdhury Ciobanu Colombo
Conti Costa Cruz Dahl Danso Delgado Demir Dimitrov Doğan Dubois Duarte Dumont Eklund Ellis Engel Esposito Farouk
Fernandes Ferrari Fischer Fleming Fonseca Fournier Franke Fujita Gallo Garnier Gashi Gomes Greco Gruber Guerrero Gupta
Haas Hakimi Halvorsen Hansen Hartmann Hashemi Hayashi Herrera Hofmann Horvat Huber Ibrahim Ishikawa Ivanov Jansen Jensen
Jovanović Kamau Kaya Keller Khan Kimura Klein Koch Kovács Kowalski Krause Kumar Laine Lambert Lange Larsen Laurent Lehmann
Leone Lindberg Lombardi Lopes Lorenz Lund Maier Malik Mancini Marino Martins Matsumoto Mazur Meier Mendes Mensah
Mercier Molina Moreau Moretti Mori Morozov Mwangi Nakamura Nascimento Neumann Nielsen Nkosi Novak Nowak Obi Odhiambo
Oliveira Olsen Omondi Ortega Osei Otieno Özdemir Pappas Patel Pavlović Pereira Petrov Pham Pinto Popescu Quintero Rahman
Ramos Rao Reyes Ricci Richter Rinaldi Rocha Romano Rossi Ruiz Saito Salazar Santoro Sato Schäfer Schmitt Schneider
Schröder Schulz Sehgal Serrano Shah Silva Singh Sokolov Sørensen Suzuki Svensson Szabó Takahashi Tanaka Tkachenko Tran
Ueda Urbano Varga Vasquez Vogel Volkov Walter Watanabe Werner Wieczorek Winter Wolf Yamada Yilmaz Yoshida
Zapata Zhang Zhou Zielinski Zimmermann
""".split()

PARTICLE_SURNAMES = ["van der Berg", "van Dijk", "de Vries", "de Souza", "da Costa", "von Arnim", "di Stefano",
                     "van den Broek", "de la Cruz", "ten Brink", "del Rio", "le Roux"]

GIVEN = """
Aaron Adaeze Adrian Agnieszka Ahmed Aiko Akira Alejandro Alessandra Ama Amara Ana Anders Andrea Anja Anton Arjun
Astrid Ayşe Beatrix Benedikt Bianca Björn Bogdan Camille Carlos Caroline Chiara Chidi Claudia Cristina Daniela
Dario Dmitri Elena Elif Emeka Emil Erik Esther Fatima Felipe Fernanda Florian Francesca Gabriel Giulia Grace
Gustavo Hana Hannah Hiroshi Ibrahim Ines Ingrid Irina Isabel Ivana Jakob Jana Javier Jin Joaquim Johanna Jonas
Julia Kaito Kamala Karin Katarzyna Kenji Kerstin Kofi Lars Leila Lena Lucas Luis Maja Marco Marek Maria
Marta Mateo Mei Miguel Mihai Milan Mina Miriam Nadia Naomi Nikolai Nils Noor Olga Oliver Olumide Pablo Paula
Pedro Priya Rafael Ravi Rosa Ruth Sakura Samuel Sara Sebastian Sergei Simone Sofia Sven Tatiana Tomás Ulrike
Valentina Viktor Wanjiru Wei Yasmin Yuki Zainab Zoltan
""".split()

CYR_SURNAMES = """
Шевчук Коваль Бондар Ткачук Кравець Олійник Іваненко Петрук Мельничук Савчук Бойко Лисенко Марченко Руденко Гнатюк
Поліщук Зайченко Литвин Козак Романюк Смирнов Кузнецов Попова Соколова Лебедев Новикова Морозов Волкова Павлов
Семенова Голубев Виноградова Богданов Воробьёва Фёдоров Михайлова
""".split()

CYR_INITIALS = list("АБВГДЕЄЖЗІКЛМНОПРСТУФХЮЯ")

TITLE_WORDS = """
leadership school schools teacher teachers principal principals learning teaching education educational policy
policies reform reforms practice practices professional development distributed instructional transformational
shared collaborative capacity improvement effectiveness accountability equity inclusion curriculum assessment
evaluation agency identity trust culture climate change innovation community communities network networks
system systems district districts rural urban secondary primary early childhood higher evidence research review
systematic analysis study case comparative international national local perspective perspectives approach
framework model models theory outcomes achievement students student pupil wellbeing motivation commitment
satisfaction burnout retention recruitment preparation induction mentoring coaching succession governance
autonomy decentralisation data use digital technology pandemic crisis context contexts lessons challenges
opportunities implications directions trends patterns roles responsibilities middle leaders headteachers
deputy vocational standards competencies skills knowledge beliefs values ethics social justice diversity
""".split()

TITLE_WORDS_DE = """Schulleitung Führung Schule Lehrkräfte Unterricht Entwicklung Qualität Steuerung Bildung
Schulentwicklung Kooperation Professionalisierung Perspektiven Befunde Forschung Praxis Wirkungen""".split()
TITLE_WORDS_FR = """direction établissement enseignants leadership scolaire pratiques réforme réussite élèves
pilotage éducation formation regards enjeux perspectives analyse école""".split()
TITLE_WORDS_ES = """liderazgo escolar directivos docentes escuela gestión calidad mejora educativa prácticas
formación análisis perspectivas reforma""".split()
TITLE_WORDS_UK = """лідерство освіта школа управління керівник розвиток якість вчителів підготовка модель
менеджмент навчального закладу професійний аналіз педагогічний""".split()

JOURNAL_HEADS = ["Journal of", "International Journal of", "Review of", "Studies in", "Annals of", "Advances in"]
JOURNAL_TAILS = ["Review", "Quarterly", "Research", "Studies", "Bulletin", "Forum", "Perspectives", "Today"]
JOURNAL_WORDS = ["Educational", "School", "Teacher", "Leadership", "Management", "Policy", "Administration",
                 "Comparative", "Curriculum", "Learning", "Professional", "Development", "Education", "Social",
                 "Organizational", "Applied", "Psychology", "Change", "Improvement", "Instruction"]
JOURNALS_OTHER = ["Zeitschrift für Bildungsforschung", "Pädagogische Rundschau", "Revue française de pédagogie",
                  "Éducation et sociétés", "Revista de Educación", "Perfiles Educativos", "Rivista di pedagogia",
                  "Вісник освіти", "Педагогіка і психологія", "Вопросы образования"]

CITIES = """Chicago Montreal Vancouver Sydney Melbourne Wellington Dublin Edinburgh Cardiff
Cambridge Manchester Bristol Leeds Paris Lyon Geneva Zurich Vienna Munich Hamburg Frankfurt Leipzig Cologne
Rotterdam Leuven Copenhagen Stockholm Oslo Helsinki Warsaw Prague Budapest Madrid Barcelona Lisbon Rome
Milan Bologna Athens Istanbul Ankara Cairo Nairobi Lagos Accra Johannesburg Mumbai Delhi Bangalore Beijing Shanghai
Tokyo Osaka Seoul Taipei Bangkok Jakarta Manila Mexico Bogotá Lima Santiago Buenos Aires Kyiv Lviv Kharkiv Moscow""".split()
CITIES_CYR = ["Київ", "Львів", "Харків", "Одеса", "Москва", "Санкт-Петербург"]
US_STATES = ["MA", "IL", "CA", "NY", "TX", "OH", "PA", "WA", "VA", "NC"]

PUBLISHER_TAILS = ["Press", "Publishing", "Books", "Verlag", "Éditions", "Publishers", "Academic", "Editorial"]
ORG_HEADS = ["Ministry of Education", "Department for Education", "National Council for Teacher Education",
             "Institute of Education Sciences", "Education Review Office", "European Commission",
             "World Health Organization", "National Board of Education", "Council of Europe",
             "Bundesministerium für Bildung", "Ministère de l'Éducation nationale"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTHS_SHORT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]

PROSE_WORDS = """the of and in to a for on with as by from that this is are was were has have can may will be been
which these their its our we they it study research findings results data analysis evidence suggests shows
indicates argues explores examines describes considers highlights teachers schools leaders principals learning
leadership practice policy students system systems context contexts role roles relationship between within across
among important significant new key main contemporary international national local professional development
improvement effective successful capacity change reform approach model framework theory perspective process
processes outcomes impact influence factors conditions support culture community""".split()
PROSE_DE = """die der das und ist sind wird werden mit von zu den im für auf eine einer Schule Schulen Lehrkräfte
Schulleitung Führung Entwicklung Forschung zeigt dass nicht auch sich bei als""".split()
PROSE_FR = """le la les des et est sont dans pour sur avec une un du école écoles enseignants direction
recherche montre que qui pas aussi leur leurs comme""".split()
PROSE_UK = """та і в на що це для з до як школи освіти вчителів керівника розвитку управління дослідження
показує""".split()

FURNITURE = """Skip to main content|Skip to search|Home|Menu|Search|Log in|Sign in|Register|Share|Print|Cite this|
Download PDF|Download citation|Export citation|Back to results|Advanced search|Search tips|Contact us|About|
Privacy policy|Cookies|Terms and conditions|Accessibility|Related articles|Related content|Metrics|
Access options|Buy article|Subscribe|Advertisement|Recommended|Previous article|Next article|Back to top|
Table of contents|Full text|Abstract|Keywords|Figures|Tables|Supplementary material|Fingerprint|Share this|
Email alerts|Permissions|Reprints|Open access|Peer reviewed|View PDF|Full-text available|
Show simple item record|Show full item record|Files in this item|This item appears in the following collection(s)|
Read more|Learn more|Click here to download the full report|Version française|Deutsch|English|Français|
Startseite|Impressum|Datenschutz|Kontakt|Suche|Accueil|Rechercher|Plan du site|Mentions légales|Inicio|Buscar|
Головна|Пошук|Контакти|Главная|Поиск""".replace("\n", "").split("|")

FIELD_NAMES = ["Journal", "Publisher", "ISSN", "ISBN", "DOI", "Pages", "Publication date", "Publication Date",
               "Language", "Keywords", "Type", "Document type", "Status", "Volume", "Issue", "Number of pages",
               "Item Type", "Subjects", "Authors", "Author", "Editor", "Date", "Record Type", "Source",
               "Collection", "Identifier", "Rights", "Funding", "Project", "Sprache", "Erscheinungsjahr",
               "Verlag", "Schlagwörter", "Langue", "Éditeur", "Mots-clés", "Idioma", "Видавець", "Автор", "Видання",
               "Издательство", "Год", "Peer reviewed", "Audience", "Education Level", "Accesses", "Citations"]

COUNTRIES = ["Canada", "Australia", "Germany", "France", "Spain", "Italy", "Norway", "Sweden", "Finland", "Japan",
             "Kenya", "Ghana", "Nigeria", "Chile", "Brazil", "Mexico", "Poland", "Ukraine", "India", "China"]
