import type en from './en.ts';

const fr: typeof en = {
  app: { title: 'Sluice', import: 'Importer', history: 'Historique', signOut: 'Se déconnecter', language: 'Langue', theme: 'Thème', light: 'Clair', dark: 'Sombre' },
  signin: { title: 'Connexion', email: 'E-mail', password: 'Mot de passe', submit: 'Se connecter', failed: 'E-mail ou mot de passe incorrect.' },
  wizard: {
    steps: { file: 'Fichier', mapping: 'Colonnes', preview: 'Vérification', submit: 'Envoi' },
    file: 'Fichier', chooseFile: 'Déposez un fichier ici ou choisissez-en un', dataset: 'Jeu de données', merge: 'Quand la fiche existe déjà',
    mergeSkip: 'Garder la fiche existante (ignorer)', mergeUpdate: 'La mettre à jour avec les valeurs non vides du fichier', mergeCreate: 'Ajouter quand même une nouvelle fiche',
    detected: 'Détecté', encoding: 'Encodage', delimiter: 'Séparateur', sheet: 'Feuille', headerRow: 'Ligne d’en-tête', format: 'Format',
    country: 'Pays par défaut des téléphones', next: 'Suivant', back: 'Retour', cancel: 'Annuler',
    mapping: 'Associez les colonnes du fichier aux champs', column: 'Colonne du fichier', field: 'Champ', ignore: '(ne pas importer)',
    missingRequired: 'Champs obligatoires sans colonne : {fields}', remembered: 'Association reprise de la dernière fois pour ces colonnes.',
    stage: 'Vérifier les lignes', staging: 'Vérification de {rows} lignes… {rate} lignes/s, encore environ {eta} s',
    unfinished: 'Imports inachevés', resume: 'Reprendre', discard: 'Abandonner', pickSameFile: 'Choisissez le même fichier ({name}) pour continuer',
    wrongFile: 'Ce n’est pas le même fichier : {name} était attendu.',
  },
  preview: {
    total: 'Lignes', valid: 'Valides', invalid: 'Avec erreurs', duplicate: 'Doublons', warnings: 'Avertissements', excluded: 'Exclues',
    filterAll: 'Toutes', filterErrors: 'Erreurs', filterWarnings: 'Avertissements', filterDuplicates: 'Doublons', filterValid: 'Valides',
    row: 'Ligne', exclude: 'Exclure', include: 'Inclure', excludeInvalid: 'Exclure toutes les lignes en erreur',
    replace: 'Remplacer dans la colonne', replaceFrom: 'Valeur', replaceTo: 'Nouvelle valeur', replaceApply: 'Remplacer', replaced: '{n} cellules modifiées',
    downloadErrors: 'Télécharger les erreurs (CSV)', byCode: 'Problèmes par type', byField: 'Erreurs par colonne', raw: 'Dans le fichier', duplicateOf: 'Doublon de la ligne {row}',
    submit: 'Envoyer au serveur', editHint: 'Double-cliquez sur une cellule pour la corriger',
  },
  submit: {
    uploading: 'Envoi… {done} blocs sur {total}, {rate} lignes/s, encore environ {eta} s', offline: 'Hors ligne : l’envoi reprendra tout seul au retour du réseau.',
    retrying: 'Le serveur n’a pas répondu ; nouvel essai…', plan: 'Ce que fera cet import', insert: 'Nouvelles', update: 'Mises à jour', unchanged: 'Inchangées',
    skip: 'Ignorées (déjà présentes)', conflict: 'Conflits', duplicateRows: 'Doublons dans le fichier', invalidRows: 'Invalides', alreadyThere: 'Déjà en base (non envoyées)',
    commit: 'Importer maintenant', committing: 'Import en cours…', done: 'Import terminé', status: 'État', bytes: '{sent} envoyés pour un fichier de {size}',
    openHistory: 'Voir dans l’historique', changeMerge: 'Appliquer', field: 'Champ', from: 'Avant', to: 'Après', startOver: 'Importer un autre fichier',
  },
  history: {
    title: 'Historique des imports', dataset: 'Jeu de données', file: 'Fichier', user: 'Par', when: 'Quand', status: 'État', rows: 'Lignes',
    inserted: 'Ajoutées', updated: 'Mises à jour', errors: 'Rapport d’erreurs (CSV)', undo: 'Annuler cet import', undone: 'Annulé : {deleted} supprimées, {restored} restaurées.',
    timeline: 'Chronologie', empty: 'Aucun import pour l’instant.', confirmUndo: 'Annuler cet import ? Les lignes ajoutées sont supprimées et les lignes modifiées restaurées.',
  },
  status: {
    draft: 'Brouillon', uploading: 'Envoi', uploaded: 'Envoyé', planned: 'Planifié', committing: 'Import', done: 'Terminé',
    done_with_errors: 'Terminé avec erreurs', failed: 'Échec', cancelled: 'Annulé', undone: 'Défait', staging: 'Vérification', staged: 'Vérifié',
  },
  records: {
    nav: 'Enregistrements', title: 'Enregistrements', dataset: 'Jeu de données', total: 'Enregistrements trouvés', export: 'Exporter…', table: 'Enregistrements',
    unknownDataset: 'Aucun jeu de données ne s’appelle « {name} ».', empty: 'Aucun enregistrement ne correspond à ces filtres.', sortBy: 'Trier par {field}',
    filters: 'Filtres', created: 'Créé le', updated: 'Modifié le', contains: '{field} contient', containsHint: 'contient…',
    anyOf: '{field} vaut l’une des valeurs', any: 'Tous', yes: 'Oui', no: 'Non',
    min: '{field} au moins', max: '{field} au plus', from: '{field} du', to: '{field} au',
    minHint: 'min', maxHint: 'max', fromHint: 'du', toHint: 'au',
    activeFilters: 'Filtres actifs : {n}', clearAll: 'Effacer tous les filtres',
    exportTitle: 'Exporter {dataset}', format: 'Format', counting: 'Comptage des lignes…', exportRows: '{n} lignes seront exportées',
    xlsxTooMany: 'Une feuille Excel contient au plus {max} lignes : affinez les filtres ou choisissez CSV.',
    columns: 'Colonnes, dans l’ordre', moveUp: 'Monter {field}', moveDown: 'Descendre {field}',
    noFilters: 'Aucun filtre : tous les enregistrements sont exportés.', sortedBy: 'Trié par {sort}', cancel: 'Annuler', download: 'Télécharger',
    pickColumns: 'Choisissez au moins une colonne.',
    formats: { csv: 'CSV', tsv: 'TSV (séparé par des tabulations)', txt: 'Texte (colonnes alignées)', json: 'JSON', ndjson: 'NDJSON (un objet par ligne)', xlsx: 'Excel (XLSX)', doc: 'Word (DOC)' },
  },
  errors: { quota: 'Le navigateur n’a plus de place. Ce qui est déjà vérifié est conservé ; libérez de l’espace puis reprenez.' },
};
export default fr;
