import type { DatasetSchema } from '../schema.ts';

/** Sales leads: one per phone number; leads already WON or LOST do not count as duplicates. */
export const leads: DatasetSchema = {
  name: 'leads',
  label: 'Leads',
  version: 1,
  fields: [
    {
      name: 'name', label: 'Name', type: 'text', required: true, max: 200,
      aliases: ['name', 'full_name', 'full name', 'contact', 'nom', 'nom complet', 'nom et prénom', 'nombre', 'nombre completo'],
    },
    {
      name: 'phone', label: 'Phone', type: 'phone', required: true,
      aliases: ['phone', 'phone_number', 'phone number', 'mobile', 'cell', 'tel', 'téléphone', 'telephone', 'portable',
        'numéro', 'teléfono', 'telefono', 'celular', 'móvil', 'movil'],
    },
    {
      name: 'email', label: 'Email', type: 'email', max: 254,
      aliases: ['email', 'e-mail', 'mail', 'email address', 'courriel', 'adresse email', 'correo', 'correo electrónico'],
    },
    {
      name: 'source', label: 'Source', type: 'enum', required: true,
      aliases: ['source', 'channel', 'canal', 'fuente'],
      values: [
        { value: 'web', aliases: ['website', 'site', 'site web', 'site internet', 'internet', 'online', 'en ligne', 'sitio web', 'página web', 'en línea'] },
        { value: 'mobile', aliases: ['app', 'mobile app', 'application', 'application mobile', 'aplicación', 'app móvil'] },
        { value: 'phone', aliases: ['telephone', 'téléphone', 'teléfono', 'tel', 'call', 'phone call', 'appel', 'appel entrant', 'llamada'] },
        { value: 'email', aliases: ['e-mail', 'mail', 'courriel', 'correo', 'correo electrónico'] },
        { value: 'referral', aliases: ['referred', 'recommendation', 'recommandation', 'parrainage', 'bouche à oreille', 'referido', 'referencia', 'recomendación'] },
        { value: 'walk_in', aliases: ['walk-in', 'walkin', 'visit', 'passage', 'visite', 'en magasin', 'en agence', 'visita', 'en tienda'] },
        { value: 'social_media', aliases: ['social', 'social network', 'réseaux sociaux', 'réseau social', 'redes sociales', 'red social'] },
        { value: 'unknown', aliases: ['inconnu', 'inconnue', 'desconocido', 'desconocida', 'n/a'] },
      ],
    },
    {
      name: 'lead_source', label: 'Lead source detail', type: 'text', max: 500,
      aliases: ['lead_source', 'campaign', 'origin', 'origine', 'campagne', 'origen', 'campaña'],
    },
    {
      name: 'status', label: 'Status', type: 'enum', default: 'NEW',
      aliases: ['status', 'stage', 'statut', 'étape', 'estado'],
      values: [
        { value: 'NEW', aliases: ['new', 'nouveau', 'nouvelle', 'nuevo', 'nueva'] },
        { value: 'CONTACTED', aliases: ['contacted', 'contacté', 'contactado'] },
        { value: 'QUALIFIED', aliases: ['qualified', 'qualifié', 'calificado', 'cualificado'] },
        { value: 'WON', aliases: ['won', 'gagné', 'ganado', 'converted'] },
        { value: 'LOST', aliases: ['lost', 'perdu', 'perdido'] },
      ],
    },
    { name: 'score', label: 'Score', type: 'integer', min: 0, max: 100, aliases: ['score', 'puntuación', 'puntaje', 'rating'] },
    {
      name: 'notes', label: 'Notes', type: 'text',
      aliases: ['notes', 'note', 'comments', 'comment', 'remarques', 'commentaires', 'commentaire', 'notas', 'comentarios', 'observaciones'],
    },
  ],
  keys: [['phone']],
  scope: [{ field: 'status', notIn: ['WON', 'LOST'] }],
  defaultCountry: 'US',
  dateOrder: 'mdy',
  merge: 'skip',
  defaultColumns: ['name', 'phone', 'email', 'source', 'status', 'score'],
};
