import type { DatasetSchema } from '../schema.ts';

/** Clients (patients' owners, customers): one per email, and one per phone. */
export const clients: DatasetSchema = {
  name: 'clients',
  label: 'Clients',
  version: 1,
  fields: [
    {
      name: 'external_id', label: 'Client ID', type: 'text', max: 100,
      aliases: ['external_id', 'id_cliente', 'client_id', 'customer_id', 'id', 'id client', 'código cliente', 'code client'],
    },
    {
      name: 'first_name', label: 'First name', type: 'text', required: true, max: 100,
      aliases: ['first_name', 'first name', 'given name', 'nombre', 'nombres', 'prénom', 'prenom'],
    },
    {
      name: 'last_name', label: 'Last name', type: 'text', required: true, max: 100,
      aliases: ['last_name', 'last name', 'surname', 'family name', 'apellidos', 'apellido', 'nom', 'nom de famille'],
    },
    {
      name: 'email', label: 'Email', type: 'email', max: 254,
      aliases: ['email', 'e-mail', 'mail', 'correo', 'correo electrónico', 'courriel', 'adresse email'],
    },
    {
      // Priority order: a mobile number wins over a landline when a row has both.
      name: 'phone', label: 'Phone', type: 'phone',
      aliases: ['celular', 'movil', 'móvil', 'mobile', 'portable', 'cell', 'telefono', 'teléfono', 'téléphone', 'phone', 'tel'],
    },
    { name: 'address', label: 'Address', type: 'text', max: 500, aliases: ['address', 'direccion', 'dirección', 'adresse', 'domicilio'] },
    { name: 'city', label: 'City', type: 'text', max: 200, aliases: ['city', 'ciudad', 'ville', 'municipio', 'town'] },
    {
      // Text, never a number: Colombian and French postal codes start with 0.
      name: 'postal_code', label: 'Postal code', type: 'text', max: 20,
      aliases: ['postal_code', 'codigo_postal', 'código postal', 'code_postal', 'code postal', 'zip', 'zip_code', 'postcode', 'cp'],
    },
    { name: 'notes', label: 'Notes', type: 'text', aliases: ['notes', 'notas', 'remarques', 'comentarios', 'observaciones', 'comments'] },
    {
      name: 'registered_at', label: 'Registered on', type: 'date',
      aliases: ['registered_at', 'fecha_registro', 'fecha de registro', 'date_inscription', "date d'inscription", 'registration date'],
    },
  ],
  keys: [['email'], ['phone']],
  defaultCountry: 'CO',
  dateOrder: 'dmy',
  merge: 'skip',
  defaultColumns: ['external_id', 'first_name', 'last_name', 'email', 'phone', 'city'],
};
