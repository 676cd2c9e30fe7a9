import type en from './en.ts';

const es: typeof en = {
  app: { title: 'Sluice', import: 'Importar', history: 'Historial', signOut: 'Cerrar sesión', language: 'Idioma', theme: 'Tema', light: 'Claro', dark: 'Oscuro' },
  signin: { title: 'Iniciar sesión', email: 'Correo', password: 'Contraseña', submit: 'Entrar', failed: 'Correo o contraseña incorrectos.' },
  wizard: {
    steps: { file: 'Archivo', mapping: 'Columnas', preview: 'Revisión', submit: 'Envío' },
    file: 'Archivo', chooseFile: 'Suelte un archivo aquí o elija uno', dataset: 'Conjunto de datos', merge: 'Si el registro ya existe',
    mergeSkip: 'Conservar el registro existente (omitir)', mergeUpdate: 'Actualizarlo con los valores no vacíos del archivo', mergeCreate: 'Agregar un registro nuevo de todos modos',
    detected: 'Detectado', encoding: 'Codificación', delimiter: 'Separador', sheet: 'Hoja', headerRow: 'Fila de encabezado', format: 'Formato',
    country: 'País por defecto de los teléfonos', next: 'Siguiente', back: 'Atrás', cancel: 'Cancelar',
    mapping: 'Asocie las columnas del archivo con los campos', column: 'Columna del archivo', field: 'Campo', ignore: '(no importar)',
    missingRequired: 'Campos obligatorios sin columna: {fields}', remembered: 'Se usa la asociación elegida la última vez para estas columnas.',
    stage: 'Revisar las filas', staging: 'Revisando {rows} filas… {rate} filas/s, quedan unos {eta} s',
    unfinished: 'Importaciones sin terminar', resume: 'Reanudar', discard: 'Descartar', pickSameFile: 'Elija el mismo archivo ({name}) para continuar',
    wrongFile: 'No es el mismo archivo: se esperaba {name}.',
  },
  preview: {
    total: 'Filas', valid: 'Válidas', invalid: 'Con errores', duplicate: 'Duplicados', warnings: 'Advertencias', excluded: 'Excluidas',
    filterAll: 'Todas', filterErrors: 'Errores', filterWarnings: 'Advertencias', filterDuplicates: 'Duplicados', filterValid: 'Válidas',
    row: 'Fila', exclude: 'Excluir', include: 'Incluir', excludeInvalid: 'Excluir todas las filas con errores',
    replace: 'Reemplazar en la columna', replaceFrom: 'Valor', replaceTo: 'Valor nuevo', replaceApply: 'Reemplazar', replaced: '{n} celdas cambiadas',
    downloadErrors: 'Descargar errores (CSV)', byCode: 'Problemas por tipo', byField: 'Errores por columna', raw: 'En el archivo', duplicateOf: 'Duplicado de la fila {row}',
    submit: 'Enviar al servidor', editHint: 'Haga doble clic en una celda para corregirla',
  },
  submit: {
    uploading: 'Enviando… {done} de {total} bloques, {rate} filas/s, quedan unos {eta} s', offline: 'Sin conexión: el envío se reanudará solo cuando vuelva la red.',
    retrying: 'El servidor no respondió; reintentando…', plan: 'Lo que hará esta importación', insert: 'Nuevos', update: 'Actualizados', unchanged: 'Sin cambios',
    skip: 'Omitidos (ya existen)', conflict: 'Conflictos', duplicateRows: 'Duplicados en el archivo', invalidRows: 'Inválidos', alreadyThere: 'Ya en la base (no enviados)',
    commit: 'Importar ahora', committing: 'Importando…', done: 'Importación terminada', status: 'Estado', bytes: 'Enviados {sent} de un archivo de {size}',
    openHistory: 'Verla en el historial', changeMerge: 'Aplicar', field: 'Campo', from: 'Antes', to: 'Después', startOver: 'Importar otro archivo',
  },
  history: {
    title: 'Historial de importaciones', dataset: 'Conjunto', file: 'Archivo', user: 'Por', when: 'Cuándo', status: 'Estado', rows: 'Filas',
    inserted: 'Agregadas', updated: 'Actualizadas', errors: 'Informe de errores (CSV)', undo: 'Deshacer esta importación', undone: 'Deshecha: {deleted} eliminadas, {restored} restauradas.',
    timeline: 'Cronología', empty: 'Todavía no hay importaciones.', confirmUndo: '¿Deshacer esta importación? Se eliminan las filas agregadas y se restauran las modificadas.',
  },
  status: {
    draft: 'Borrador', uploading: 'Enviando', uploaded: 'Enviada', planned: 'Planificada', committing: 'Importando', done: 'Terminada',
    done_with_errors: 'Terminada con errores', failed: 'Fallida', cancelled: 'Cancelada', undone: 'Deshecha', staging: 'Revisando', staged: 'Revisada',
  },
  records: {
    nav: 'Registros', title: 'Registros', dataset: 'Conjunto de datos', total: 'Registros encontrados', export: 'Exportar…', table: 'Registros',
    unknownDataset: 'No existe ningún conjunto de datos llamado «{name}».', empty: 'Ningún registro coincide con estos filtros.', sortBy: 'Ordenar por {field}',
    filters: 'Filtros', created: 'Creado', updated: 'Modificado', contains: '{field} contiene', containsHint: 'contiene…',
    anyOf: '{field} es alguno de', any: 'Cualquiera', yes: 'Sí', no: 'No',
    min: '{field} como mínimo', max: '{field} como máximo', from: '{field} desde', to: '{field} hasta',
    minHint: 'mín', maxHint: 'máx', fromHint: 'desde', toHint: 'hasta',
    activeFilters: 'Filtros activos: {n}', clearAll: 'Quitar todos los filtros',
    exportTitle: 'Exportar {dataset}', format: 'Formato', counting: 'Contando filas…', exportRows: 'Se exportarán {n} filas',
    xlsxTooMany: 'Una hoja de Excel admite como máximo {max} filas: ajuste los filtros o elija CSV.',
    columns: 'Columnas, en orden', moveUp: 'Subir {field}', moveDown: 'Bajar {field}',
    noFilters: 'Sin filtros: se exportan todos los registros.', sortedBy: 'Ordenado por {sort}', cancel: 'Cancelar', download: 'Descargar',
    pickColumns: 'Elija al menos una columna.',
    formats: { csv: 'CSV', tsv: 'TSV (separado por tabulaciones)', txt: 'Texto (columnas alineadas)', json: 'JSON', ndjson: 'NDJSON (un objeto por línea)', xlsx: 'Excel (XLSX)', doc: 'Word (DOC)' },
  },
  errors: { quota: 'El navegador se quedó sin espacio. Lo ya revisado se conserva; libere espacio y reanude.' },
};
export default es;
