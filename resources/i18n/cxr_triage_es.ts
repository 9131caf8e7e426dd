<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>development build</source>
        <translation>versión de desarrollo</translation>
    </message>
    <message>
        <source>- Name: %1</source>
        <translation>- Nombre: %1</translation>
    </message>
    <message>
        <source>- Version: %1</source>
        <translation>- Versión: %1</translation>
    </message>
    <message>
        <source>- Default threshold: %1</source>
        <translation>- Umbral predeterminado: %1</translation>
    </message>
    <message>
        <source>- Operating point in use: %1</source>
        <translation>- Punto de operación en uso: %1</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>el del modelo</translation>
    </message>
    <message>
        <source>- Scope: %1</source>
        <translation>- Ámbito de uso: %1</translation>
    </message>
    <message>
        <source>- Classes: %1</source>
        <translation>- Clases: %1</translation>
    </message>
    <message>
        <source>- Running on: %1 (%2), %3 model `%4`</source>
        <translation>- Se ejecuta en: %1 (%2), modelo %3 `%4`</translation>
    </message>
    <message>
        <source>- File: `%1`</source>
        <translation>- Archivo: `%1`</translation>
    </message>
    <message>
        <source>- SHA-256: `%1`</source>
        <translation>- SHA-256: `%1`</translation>
    </message>
    <message>
        <source>- Lung-field model: %1 %2, `%3`, SHA-256 `%4`</source>
        <translation>- Modelo de campos pulmonares: %1 %2, `%3`, SHA-256 `%4`</translation>
    </message>
    <message>
        <source>- Heatmaps: shown only inside the lung fields (%1)</source>
        <translation>- Mapas de calor: se muestran solo dentro de los campos pulmonares (%1)</translation>
    </message>
    <message>
        <source>- Lung-field model: not found (heat shown inside the body outline)</source>
        <translation>- Modelo de campos pulmonares: no encontrado (el calor se muestra dentro del contorno del cuerpo)</translation>
    </message>
    <message>
        <source>Intended use stated by the model: %1</source>
        <translation>Uso previsto declarado por el modelo (en inglés): %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Versión %1</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Uso previsto</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>No model is loaded. %1</source>
        <translation>No hay ningún modelo cargado. %1</translation>
    </message>
    <message>
        <source>The model card below is in English, as the model was published.</source>
        <translation>La ficha del modelo que sigue está en inglés, tal como se publicó el modelo.</translation>
    </message>
    <message>
        <source>(The model card could not be read: %1)</source>
        <translation>(No se pudo leer la ficha del modelo: %1)</translation>
    </message>
    <message>
        <source>(No model card found next to the model.)</source>
        <translation>(No se encontró ninguna ficha del modelo junto al modelo.)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>Acerca de %1</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Calibrate for this site</source>
        <translation>Calibrar para este centro</translation>
    </message>
    <message>
        <source>Proposed PROVISIONAL operating point</source>
        <translation>Punto de operación PROVISIONAL propuesto</translation>
    </message>
    <message>
        <source>Proposed operating point</source>
        <translation>Punto de operación propuesto</translation>
    </message>
    <message numerus="yes">
        <source>from %n read image(s) in scope</source>
        <translation>
            <numerusform>a partir de %n imagen leída dentro del ámbito de uso</numerusform>
            <numerusform>a partir de %n imágenes leídas dentro del ámbito de uso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n read image(s) left out: unsure, unreadable or out of scope).</source>
        <translation>
            <numerusform>(%n imagen leída excluida: lectura dudosa, ilegible o fuera de ámbito).</numerusform>
            <numerusform>(%n imágenes leídas excluidas: lectura dudosa, ilegibles o fuera de ámbito).</numerusform>
        </translation>
    </message>
    <message>
        <source>PROVISIONAL.</source>
        <translation>PROVISIONAL.</translation>
    </message>
    <message>
        <source>Applying saves this operating point for this model in your settings folder: every later scan, export and report uses it and says so. Settings → Use Model Default Operating Point goes back at any time. The ranking of the worklist does not change.</source>
        <translation>Al aplicar, este punto de operación se guarda para este modelo en su carpeta de configuración: cada análisis, exportación e informe posterior lo usa y lo indica. Configuración → Usar el punto de operación del modelo permite volver atrás en cualquier momento. El orden de la lista de trabajo no cambia.</translation>
    </message>
    <message>
        <source>Apply to every scan (provisional)</source>
        <translation>Aplicar a todos los análisis (provisional)</translation>
    </message>
    <message>
        <source>Apply to every scan</source>
        <translation>Aplicar a todos los análisis</translation>
    </message>
</context>
<context>
    <name>ClinicActions</name>
    <message>
        <source>&amp;Receive studies</source>
        <translation>&amp;Recibir estudios</translation>
    </message>
    <message>
        <source>Listen for studies sent over DICOM and triage them as they arrive</source>
        <translation>Esperar estudios enviados por DICOM y clasificarlos a medida que llegan</translation>
    </message>
    <message>
        <source>&amp;Watch folder…</source>
        <translation>&amp;Vigilar una carpeta…</translation>
    </message>
    <message>
        <source>Triage images as they appear in a folder</source>
        <translation>Clasificar las imágenes a medida que aparecen en una carpeta</translation>
    </message>
    <message>
        <source>&amp;Stop watching</source>
        <translation>&amp;Dejar de vigilar</translation>
    </message>
    <message>
        <source>&amp;Group by Patient and Study</source>
        <translation>&amp;Agrupar por paciente y estudio</translation>
    </message>
    <message>
        <source>Keep each study&apos;s images together, studies ranked by risk</source>
        <translation>Mantener juntas las imágenes de cada estudio, estudios ordenados por riesgo</translation>
    </message>
    <message>
        <source>Reopen &amp;Last Worklist</source>
        <translation>Reabrir la ú&amp;ltima lista de trabajo</translation>
    </message>
    <message>
        <source>Triage again the images of the last session (history)</source>
        <translation>Volver a clasificar las imágenes de la última sesión (historial)</translation>
    </message>
    <message>
        <source>&amp;Network Settings…</source>
        <translation>Configuración de &amp;red…</translation>
    </message>
    <message>
        <source>AE title, port, allowed callers, retention, results</source>
        <translation>Título AE, puerto, AE llamantes autorizados, conservación, resultados</translation>
    </message>
    <message>
        <source>&amp;Clinic</source>
        <translation>&amp;Clínica</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Ningún modelo</translation>
    </message>
    <message>
        <source>Studies cannot be triaged until the model has loaded.</source>
        <translation>Los estudios no se pueden clasificar hasta que se cargue el modelo.</translation>
    </message>
    <message>
        <source>Cannot receive studies</source>
        <translation>No se pueden recibir estudios</translation>
    </message>
    <message>
        <source>Clinic network settings saved to %1</source>
        <translation>Configuración de red de la clínica guardada en %1</translation>
    </message>
    <message>
        <source>Cannot reopen the last worklist</source>
        <translation>No se puede reabrir la última lista de trabajo</translation>
    </message>
    <message>
        <source>No earlier worklist</source>
        <translation>Ninguna lista de trabajo anterior</translation>
    </message>
    <message>
        <source>The history holds no earlier session&apos;s results.</source>
        <translation>El historial no contiene resultados de ninguna sesión anterior.</translation>
    </message>
    <message numerus="yes">
        <source>None of its %n file(s) is still there (the inbox keeps received files for the retention set in Clinic → Network Settings).</source>
        <translation>
            <numerusform>Su archivo (%n) ya no está (la bandeja de entrada conserva los archivos recibidos durante el tiempo fijado en Clínica → Configuración de red).</numerusform>
            <numerusform>Ninguno de sus %n archivos sigue ahí (la bandeja de entrada conserva los archivos recibidos durante el tiempo fijado en Clínica → Configuración de red).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n file(s) no longer there</source>
        <translation>
            <numerusform>; %n archivo ya no está</numerusform>
            <numerusform>; %n archivos ya no están</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopening the worklist of %1: %n image(s)</source>
        <translation>
            <numerusform>Reabriendo la lista de trabajo del %1: %n imagen</numerusform>
            <numerusform>Reabriendo la lista de trabajo del %1: %n imágenes</numerusform>
        </translation>
    </message>
    <message>
        <source>Watch a folder for new images</source>
        <translation>Vigilar una carpeta para nuevas imágenes</translation>
    </message>
    <message>
        <source>Cannot watch the folder</source>
        <translation>No se puede vigilar la carpeta</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsDialog</name>
    <message>
        <source>Clinic Network Settings</source>
        <translation>Configuración de red de la clínica</translation>
    </message>
    <message>
        <source>This workstation as a DICOM node</source>
        <translation>Esta estación de trabajo como nodo DICOM</translation>
    </message>
    <message>
        <source>Results (Secondary Capture + Structured Report)</source>
        <translation>Resultados (Secondary Capture + Structured Report DICOM)</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Título AE</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Escuchar en</translation>
    </message>
    <message>
        <source>Allowed calling AEs</source>
        <translation>AE de origen permitidos</translation>
    </message>
    <message>
        <source>Keep received files</source>
        <translation>Conservar los archivos recibidos</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Enviar los resultados</translation>
    </message>
    <message>
        <source>PACS host</source>
        <translation>Host del PACS</translation>
    </message>
    <message>
        <source>PACS port</source>
        <translation>Puerto del PACS</translation>
    </message>
    <message>
        <source>PACS AE title</source>
        <translation>Título AE del PACS</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Carpeta de resultados</translation>
    </message>
    <message>
        <source>Up to 16 characters: letters, digits, spaces; no backslash</source>
        <translation>Hasta 16 caracteres: letras, dígitos, espacios; sin barra invertida</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 (or this workstation&apos;s LAN address): accept studies from the modality or the PACS on the clinic&apos;s network.</source>
        <translation>127.0.0.1: solo este equipo. 0.0.0.0 (o la dirección de esta estación en la red local): aceptar estudios del equipo de imagen o del PACS en la red de la clínica.</translation>
    </message>
    <message>
        <source>any calling AE (e.g. MODALITY, ORTHANC)</source>
        <translation>cualquier AE de origen (p. ej., MODALITY, ORTHANC)</translation>
    </message>
    <message>
        <source>Accept studies only from these calling AE titles, separated by commas</source>
        <translation>Aceptar estudios solo de estos títulos AE de origen, separados por comas</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>until triaged</source>
        <translation>hasta el triaje</translation>
    </message>
    <message>
        <source>Received files are kept this long in the inbox (in your data folder)</source>
        <translation>Tiempo que se conservan los archivos recibidos en la bandeja de entrada (en su carpeta de datos)</translation>
    </message>
    <message>
        <source>Nowhere</source>
        <translation>Ningún destino</translation>
    </message>
    <message>
        <source>Send to a PACS</source>
        <translation>Enviar a un PACS</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nombre de host o dirección IP</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Saved to %1 (shared with cxr-triage listen and watch).</source>
        <translation>Se guarda en %1 (compartido con cxr-triage listen y watch).</translation>
    </message>
    <message>
        <source>Folder for results</source>
        <translation>Carpeta para los resultados</translation>
    </message>
    <message>
        <source>not saved: %1</source>
        <translation>no se guardó: %1</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(neumonía)</translation>
    </message>
    <message>
        <source>Class breakdown</source>
        <translation>Desglose por clase</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>Show heatmap  (H)</source>
        <translation>Mostrar mapa de calor  (H)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacidad del mapa de calor</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Your own call on this image, kept for site calibration (Reads menu): P pneumonia, N normal, U unsure, Backspace clears</source>
        <translation>Su propia lectura de esta imagen, guardada para la calibración local (menú Lecturas): P neumonía, N normal, U dudosa, Retroceso borra</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>Su lectura: %1</translation>
    </message>
    <message>
        <source>Your read: — (press P, N or U)</source>
        <translation>Su lectura: — (pulse P, N o U)</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Punto de operación: %1</translation>
    </message>
    <message>
        <source>No model loaded: images cannot be scored.</source>
        <translation>Ningún modelo cargado: las imágenes no se pueden evaluar.</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Ninguna imagen seleccionada</translation>
    </message>
    <message>
        <source>Select a row of the worklist to see its details.</source>
        <translation>Seleccione una fila de la lista de trabajo para ver sus detalles.</translation>
    </message>
    <message>
        <source>This file could not be scored:</source>
        <translation>No se pudo evaluar este archivo:</translation>
    </message>
    <message>
        <source>At or above the %1 threshold</source>
        <translation>En el umbral de %1 o por encima</translation>
    </message>
    <message>
        <source>%1, likely %2</source>
        <translation>%1, probablemente %2</translation>
    </message>
    <message>
        <source>Below the %1 threshold</source>
        <translation>Por debajo del umbral de %1</translation>
    </message>
    <message>
        <source>Ranked with the others anyway (site setting).</source>
        <translation>Ordenada con las demás de todos modos (ajuste del centro).</translation>
    </message>
    <message>
        <source>Not ranked: listed after the images the model was made for.</source>
        <translation>Sin ordenar: listada después de las imágenes para las que se hizo el modelo.</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Fuera del ámbito de uso</translation>
    </message>
    <message>
        <source>The model reads frontal chest films of children up to 6 years. It gives no pneumonia score for this image and draws no heatmap.</source>
        <translation>El modelo lee radiografías de tórax frontales de niños de hasta 6 años. No da puntuación de neumonía para esta imagen ni dibuja mapa de calor.</translation>
    </message>
    <message>
        <source>The file is a colour image, maybe a photo of a film or screen.</source>
        <translation>El archivo es una imagen en color, quizá una foto de una placa o de una pantalla.</translation>
    </message>
    <message>
        <source>Fewer pixels than the model&apos;s input: fine detail is missing.</source>
        <translation>Menos píxeles que la entrada del modelo: falta el detalle fino.</translation>
    </message>
    <message>
        <source>Unlike the training images: the score may not be reliable.</source>
        <translation>Distinta de las imágenes de entrenamiento: la puntuación puede no ser fiable.</translation>
    </message>
    <message>
        <source>Unusual bit depth for a radiograph.</source>
        <translation>Profundidad de bits inusual para una radiografía.</translation>
    </message>
    <message>
        <source>Unusual photometric interpretation (colour model) for a radiograph.</source>
        <translation>Interpretación fotométrica (modelo de color) inusual para una radiografía.</translation>
    </message>
    <message>
        <source>The DICOM holds several frames; the first one was scored and is shown.</source>
        <translation>El DICOM contiene varios fotogramas; se evaluó y se muestra el primero.</translation>
    </message>
    <message>
        <source>The DICOM header says this is not a chest study.</source>
        <translation>La cabecera DICOM indica que no es un estudio de tórax.</translation>
    </message>
    <message>
        <source>Very low contrast: exposure or windowing may be off.</source>
        <translation>Contraste muy bajo: la exposición o la ventana pueden no ser correctas.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Fecha del estudio</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalidad</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Proyección</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Región anatómica</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>CSV</source>
        <extracomment>What an export writes: English in the log and the history, ``tr()`` of it on screen.</extracomment>
        <translation>CSV</translation>
    </message>
    <message>
        <source>De-identified CSV</source>
        <translation>CSV seudonimizado</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>Informe PDF</translation>
    </message>
    <message>
        <source>De-identified PDF report</source>
        <translation>Informe PDF seudonimizado</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposición</translation>
    </message>
    <message>
        <source>Choose another folder</source>
        <translation>Elija otra carpeta</translation>
    </message>
    <message>
        <source>Please save somewhere else (e.g. Documents).</source>
        <translation>Guarde en otro lugar (por ejemplo, en Documentos).</translation>
    </message>
    <message>
        <source>Export worklist as CSV</source>
        <translation>Exportar la lista de trabajo en CSV</translation>
    </message>
    <message>
        <source>The worklist shows %1 of %2 rows (filter or search).</source>
        <translation>La lista de trabajo muestra %1 de %2 filas (filtro o búsqueda).</translation>
    </message>
    <message>
        <source>Export every row, or only the rows shown?</source>
        <translation>¿Exportar todas las filas o solo las filas mostradas?</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Todas las filas (%1)</translation>
    </message>
    <message>
        <source>Rows shown (%1)</source>
        <translation>Filas mostradas (%1)</translation>
    </message>
    <message>
        <source>Export PDF report</source>
        <translation>Exportar el informe PDF</translation>
    </message>
    <message>
        <source>Export de-identified copy</source>
        <translation>Exportar una copia seudonimizada</translation>
    </message>
    <message>
        <source>PDF report (*.pdf)</source>
        <translation>Informe PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save overlay as PNG</source>
        <translation>Guardar la superposición en PNG</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Escribiendo %1…</translation>
    </message>
    <message>
        <source>%1 saved: %2</source>
        <translation>%1 guardado: %2</translation>
    </message>
    <message>
        <source>%1 not saved</source>
        <translation>%1 no guardado</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nada que guardar</translation>
    </message>
    <message>
        <source>Select a scored image first.</source>
        <translation>Seleccione primero una imagen puntuada.</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <source>Study view: evidence relative to this image&apos;s own strongest region, so every film shows full colour somewhere whatever its score. Below %1 of that maximum nothing is drawn. Shown unmasked: it includes what the model looked at outside the lungs.</source>
        <translation>Vista de estudio: evidencia relativa a la región más fuerte de esta imagen, de modo que cada placa muestra color pleno en algún lugar sea cual sea su puntuación. Por debajo del %1 de ese máximo no se dibuja nada. Se muestra sin máscara: incluye lo que el modelo miró fuera de los pulmones.</translation>
    </message>
    <message>
        <source>Evidence for pneumonia on the model&apos;s fixed scale: full colour is as strong as the evidence in a typical pneumonia film of the training set, so a film the model calls normal shows little or no colour. Below %1 nothing is drawn. Heat is shown only inside the lung fields (each lung&apos;s outline, including the lung behind the heart), never on arms, neck, heart or abdomen.</source>
        <translation>Evidencia de neumonía en la escala fija del modelo: el color pleno equivale a la evidencia de una placa típica de neumonía del conjunto de entrenamiento, así que una placa que el modelo considera normal muestra poco o ningún color. Por debajo del %1 no se dibuja nada. El calor solo aparece dentro de los campos pulmonares (el contorno de cada pulmón, incluido el pulmón detrás del corazón), nunca en brazos, cuello, corazón o abdomen.</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>débil</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>fuerte</translation>
    </message>
    <message>
        <source>per image</source>
        <translation>por imagen</translation>
    </message>
    <message>
        <source>fixed scale</source>
        <translation>escala fija</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Open a folder (Ctrl+O) or drop images here to start.</source>
        <translation>Abra una carpeta (Ctrl+O) o suelte imágenes aquí para empezar.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <extracomment>Qt&apos;s own catalogue per language (its standard dialogs and buttons). There is no European Portuguese qtbase: pt uses pt_BR&apos;s, whose button words (OK, Cancelar, Fechar) are the same. The QLocale that formats numbers and dates for each language (pt: European Portuguese).</extracomment>
        <translation>Idioma del sistema</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Messages and per-file errors appear here.</source>
        <translation>Aquí aparecen los mensajes y los errores por archivo.</translation>
    </message>
    <message>
        <source>INFO</source>
        <comment>log level, at most 7 letters</comment>
        <translation>INFO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <comment>log level, at most 7 letters</comment>
        <translation>AVISO</translation>
    </message>
    <message>
        <source>ERROR</source>
        <comment>log level, at most 7 letters</comment>
        <translation>ERROR</translation>
    </message>
    <message>
        <source>An unexpected error occurred: %1</source>
        <translation>Se produjo un error inesperado: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Triage worklist</source>
        <translation>Lista de trabajo del triaje</translation>
    </message>
    <message>
        <source>Radiograph</source>
        <translation>Radiografía</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit</source>
        <translation>Rueda: zoom · arrastrar: desplazar · arrastrar con el botón derecho: ventana/nivel · doble clic: ajustar</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
</context>
<context>
    <name>NavigationController</name>
    <message>
        <source>Intended use</source>
        <translation>Uso previsto</translation>
    </message>
    <message>
        <source>1. File → Open Folder (Ctrl+O) and choose a folder of chest X-rays.
2. The worklist lists ranked images by risk, then out of scope, then unreadable files.
3. Move with ↑/↓ (in the list or on the image) or Ctrl+↓ / Ctrl+↑ from anywhere.
4. H toggles the heatmap, I inverts, F fits, R resets window/level.
5. Mark your own read: P pneumonia, N normal, U unsure; Ctrl+Z undoes the last one.
6. Ctrl+F searches; the filter can show only unread rows.
7. Export: Ctrl+E (CSV), Ctrl+P (PDF report).</source>
        <translation>1. Archivo → Abrir carpeta (Ctrl+O) y elija una carpeta de radiografías de tórax.
2. La lista de trabajo muestra las imágenes ordenadas por riesgo, luego las fuera de ámbito, luego los archivos ilegibles.
3. Muévase con ↑/↓ (en la lista o en la imagen) o Ctrl+↓ / Ctrl+↑ desde cualquier lugar.
4. H muestra u oculta el mapa de calor, I invierte, F ajusta, R restablece ventana/nivel.
5. Marque su lectura: P neumonía, N normal, U dudosa; Ctrl+Z deshace la última.
6. Ctrl+F busca; el filtro puede mostrar solo las filas sin leer.
7. Exportar: Ctrl+E (CSV), Ctrl+P (informe PDF).</translation>
    </message>
    <message>
        <source>Quick start</source>
        <translation>Inicio rápido</translation>
    </message>
</context>
<context>
    <name>OverlayBand</name>
    <message>
        <source>weak</source>
        <comment>heatmap scale: little evidence</comment>
        <translation>débil</translation>
    </message>
    <message>
        <source>strong</source>
        <comment>heatmap scale: much evidence</comment>
        <translation>fuerte</translation>
    </message>
</context>
<context>
    <name>PreviewController</name>
    <message>
        <source>No image selected.</source>
        <translation>Ninguna imagen seleccionada.</translation>
    </message>
    <message>
        <source>This file could not be scored.</source>
        <translation>No se pudo puntuar este archivo.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>preview (loading full resolution…)</source>
        <translation>vista previa (cargando la resolución completa…)</translation>
    </message>
    <message>
        <source>Cannot display this image: %1</source>
        <translation>No se puede mostrar esta imagen: %1</translation>
    </message>
</context>
<context>
    <name>ReadsController</name>
    <message>
        <source>Reads not loaded</source>
        <translation>Lecturas no cargadas</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>Su lectura: %1</translation>
    </message>
    <message>
        <source>Read cleared</source>
        <translation>Lectura borrada</translation>
    </message>
    <message numerus="yes">
        <source>%n read image(s)</source>
        <translation>
            <numerusform>%n imagen leída</numerusform>
            <numerusform>%n imágenes leídas</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nada que deshacer.</translation>
    </message>
    <message>
        <source>Undone: %1 back to %2</source>
        <translation>Deshecho: %1 vuelve a %2</translation>
    </message>
    <message>
        <source>Undone: %1 back to unread</source>
        <translation>Deshecho: %1 vuelve a sin leer</translation>
    </message>
    <message>
        <source>Reads not saved</source>
        <translation>Lecturas no guardadas</translation>
    </message>
    <message>
        <source>Reads not imported</source>
        <translation>Lecturas no importadas</translation>
    </message>
    <message numerus="yes">
        <source>%n read(s) imported from %1</source>
        <translation>
            <numerusform>%n lectura importada de %1</numerusform>
            <numerusform>%n lecturas importadas de %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Import reads (CSV: path, call)</source>
        <translation>Importar lecturas (CSV: ruta, lectura)</translation>
    </message>
    <message>
        <source>Import reads: a folder with NORMAL/ and PNEUMONIA/</source>
        <translation>Importar lecturas: una carpeta con NORMAL/ y PNEUMONIA/</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>No images.</source>
        <translation>Ninguna imagen.</translation>
    </message>
    <message>
        <source>%1 batch report</source>
        <translation>%1 — informe del lote</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST (%1).</source>
        <translation>LISTA DE TRABAJO INCOMPLETA (%1).</translation>
    </message>
    <message>
        <source>Operating point: %1.</source>
        <translation>Punto de operación: %1.</translation>
    </message>
    <message>
        <source>%1 — batch triage report (DE-IDENTIFIED copy)</source>
        <translation>%1 — informe de triaje del lote (copia SEUDONIMIZADA)</translation>
    </message>
    <message>
        <source>%1 — batch triage report</source>
        <translation>%1 — informe de triaje del lote</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Batch triage report — de-identified</source>
        <translation>Informe de triaje del lote — seudonimizado</translation>
    </message>
    <message>
        <source>Batch triage report</source>
        <translation>Informe de triaje del lote</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST: %1. Images not scanned are not in this report.</source>
        <translation>LISTA DE TRABAJO INCOMPLETA: %1. Las imágenes no analizadas no figuran en este informe.</translation>
    </message>
    <message>
        <source>Images are ordered by the model&apos;s estimated probability of pneumonia; every image still needs a qualified reader.</source>
        <translation>Las imágenes están ordenadas según la probabilidad de neumonía estimada por el modelo; cada imagen sigue necesitando un lector cualificado.</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>File / patient</source>
        <translation>Archivo / paciente</translation>
    </message>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(neumonía)</translation>
    </message>
    <message>
        <source>Flags / status</source>
        <translation>Alertas / estado</translation>
    </message>
    <message>
        <source>your read: %1</source>
        <translation>su lectura: %1</translation>
    </message>
    <message>
        <source>out of scope: not scored</source>
        <translation>fuera de ámbito: sin puntuación</translation>
    </message>
    <message>
        <source>likely %1</source>
        <translation>probablemente %1</translation>
    </message>
    <message>
        <source>Out of scope: %1</source>
        <translation>Fuera de ámbito: %1</translation>
    </message>
</context>
<context>
    <name>ScanningController</name>
    <message>
        <source>The model could not be loaded</source>
        <translation>No se pudo cargar el modelo</translation>
    </message>
    <message>
        <source>The window stays open, but images cannot be scored until a valid model is available (start with --model PATH, or reinstall).</source>
        <translation>La ventana sigue abierta, pero las imágenes no se pueden puntuar hasta que haya un modelo válido (inicie con --model RUTA, o reinstale).</translation>
    </message>
    <message>
        <source>Open a folder of chest X-rays</source>
        <translation>Abrir una carpeta de radiografías de tórax</translation>
    </message>
    <message>
        <source>Open chest X-ray images</source>
        <translation>Abrir radiografías de tórax</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Imágenes (%1);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Borrar la lista</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>No se puede abrir</translation>
    </message>
    <message>
        <source>A scan is running: cancel it before opening another.</source>
        <translation>Hay un análisis en curso: cancélelo antes de abrir otro.</translation>
    </message>
    <message>
        <source>Waiting for the model to load…</source>
        <translation>Esperando a que se cargue el modelo…</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Ningún modelo</translation>
    </message>
    <message>
        <source>Images cannot be scored because the model did not load:</source>
        <translation>Las imágenes no se pueden puntuar porque el modelo no se cargó:</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>motivo desconocido</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Analizando…</translation>
    </message>
    <message>
        <source>Finding images…</source>
        <translation>Buscando imágenes…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Scan stopped</source>
        <translation>Análisis interrumpido</translation>
    </message>
    <message>
        <source>No images were found there (JPEG, PNG, DICOM).</source>
        <translation>No se encontraron imágenes allí (JPEG, PNG, DICOM).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>%</source>
        <comment>after the threshold number</comment>
        <translation>&#xa0;%</translation>
    </message>
    <message>
        <source>Reset to model default</source>
        <translation>Restablecer el umbral del modelo</translation>
    </message>
    <message>
        <source>Pneumonia threshold</source>
        <translation>Umbral de neumonía</translation>
    </message>
    <message>
        <source>Model default: %1.</source>
        <translation>Umbral del modelo: %1.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>No hay ningún modelo cargado.</translation>
    </message>
    <message>
        <source>Images at or above the threshold are labelled pneumonia. A lower threshold misses fewer cases but raises more false alarms. The ranking of the worklist does not change.</source>
        <translation>Las imágenes en el umbral o por encima se etiquetan como neumonía. Un umbral más bajo deja pasar menos casos, pero da más falsas alarmas. El orden de la lista de trabajo no cambia.</translation>
    </message>
    <message>
        <source>Rank out-of-scope images with the others</source>
        <translation>Ordenar las imágenes fuera de ámbito con las demás</translation>
    </message>
    <message>
        <source>Off (recommended): images the model was not made for — adults, lateral views, other body parts, photos — are listed after the ranked images, without a label.
On: they are ranked and labelled like the others. Every export says so.</source>
        <translation>Desactivado (recomendado): las imágenes para las que no se hizo el modelo — adultos, proyecciones laterales, otras partes del cuerpo, fotografías — se listan después de las imágenes ordenadas, sin etiqueta.
Activado: se ordenan y etiquetan como las demás. Cada exportación lo indica.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Ámbito de uso</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>theme</comment>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <comment>theme</comment>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The whole program changes language at once, the main window included; no restart is needed.</source>
        <translation>Todo el programa cambia de idioma al instante, ventana principal incluida; no hace falta reiniciar.</translation>
    </message>
</context>
<context>
    <name>SiteController</name>
    <message>
        <source>Site profile not used</source>
        <translation>Perfil del centro no usado</translation>
    </message>
    <message>
        <source>CXR Triage goes on with the model default operating point. Set the file aside (it is renamed, not deleted) to stop this message.</source>
        <translation>CXR Triage sigue con el punto de operación del modelo. Aparte el archivo (se renombra, no se borra) para que este mensaje deje de aparecer.</translation>
    </message>
    <message>
        <source>Set File Aside</source>
        <translation>Apartar el archivo</translation>
    </message>
    <message>
        <source>Keep File</source>
        <translation>Conservar el archivo</translation>
    </message>
    <message>
        <source>Could not set %1 aside: %2</source>
        <translation>No se pudo apartar %1: %2</translation>
    </message>
    <message>
        <source>Set aside as %1</source>
        <translation>Apartado como %1</translation>
    </message>
    <message>
        <source>Not enough reads</source>
        <translation>Lecturas insuficientes</translation>
    </message>
    <message>
        <source>Mark rows with P (pneumonia), N (normal) or U (unsure) while browsing, or import reads (Reads → Import Reads).</source>
        <translation>Marque las filas con P (neumonía), N (normal) o U (dudosa) al recorrer la lista, o importe lecturas (Lecturas → Importar lecturas).</translation>
    </message>
    <message numerus="yes">
        <source>Calibrating from %n read image(s)…</source>
        <translation>
            <numerusform>Calibrando a partir de %n imagen leída…</numerusform>
            <numerusform>Calibrando a partir de %n imágenes leídas…</numerusform>
        </translation>
    </message>
    <message>
        <source>Site profile not saved</source>
        <translation>Perfil del centro no guardado</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Punto de operación: %1</translation>
    </message>
    <message>
        <source>Use the model default operating point?</source>
        <translation>¿Usar el punto de operación del modelo?</translation>
    </message>
    <message>
        <source>This deletes the %1 (%2 pneumonia and %3 normal reads) and uses the model&apos;s own threshold and probabilities. Your reads are kept, so you can calibrate again.</source>
        <translation>Esto borra el %1 (lecturas: %2 neumonía, %3 normal) y usa el umbral y las probabilidades del propio modelo. Sus lecturas se conservan, así que puede volver a calibrar.</translation>
    </message>
    <message>
        <source>Delete Site Profile</source>
        <translation>Borrar el perfil del centro</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Loading model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <source>model %1</source>
        <comment>the model&apos;s version, shortened</comment>
        <translation>modelo %1</translation>
    </message>
    <message>
        <source>Execution provider: %1</source>
        <translation>Proveedor de ejecución: %1</translation>
    </message>
    <message>
        <source>No model: scanning disabled</source>
        <translation>Ningún modelo: análisis desactivado</translation>
    </message>
    <message>
        <source>The operating point in use. Settings → Calibrate for This Site fits one from your own reads; Settings → Use Model Default Operating Point goes back.</source>
        <translation>El punto de operación en uso. Configuración → Calibrar para este centro ajusta uno a partir de sus lecturas; Configuración → Usar el punto de operación del modelo vuelve al del modelo.</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>highest risk first</source>
        <translation>mayor riesgo primero</translation>
    </message>
    <message>
        <source>lowest risk first</source>
        <translation>menor riesgo primero</translation>
    </message>
    <message>
        <source>Z to A / largest first</source>
        <translation>de Z a A / mayor primero</translation>
    </message>
    <message>
        <source>A to Z / smallest first</source>
        <translation>de A a Z / menor primero</translation>
    </message>
    <message>
        <source>Sorted %1 (▼ / ▲), within each group: ranked images, then out of scope, then unreadable files. Click to reverse.</source>
        <translation>Ordenado: %1 (▼ / ▲), dentro de cada grupo: imágenes ordenadas, luego fuera de ámbito, luego archivos ilegibles. Haga clic para invertir.</translation>
    </message>
    <message>
        <source>Calibrated probability of pneumonia estimated by the model</source>
        <translation>Probabilidad calibrada de neumonía estimada por el modelo</translation>
    </message>
    <message>
        <source>Label at the current operating point (threshold); changes with the threshold.
Images the model was not made for say &apos;out of scope&apos; and the reason, and are listed after the ranked images</source>
        <translation>Etiqueta en el punto de operación actual (umbral); cambia con el umbral.
Las imágenes para las que no se hizo el modelo dicen «fuera de ámbito» y el motivo, y se listan después de las imágenes ordenadas</translation>
    </message>
    <message>
        <source>Most likely pneumonia type, for images above the threshold</source>
        <translation>Tipo de neumonía más probable, para imágenes por encima del umbral</translation>
    </message>
    <message>
        <source>Quality and out-of-distribution warnings: treat these scores with caution</source>
        <translation>Alertas de calidad y de imágenes atípicas: interprete estas puntuaciones con cautela</translation>
    </message>
    <message>
        <source>OK, or why the file could not be scored</source>
        <translation>OK, o por qué no se pudo evaluar el archivo</translation>
    </message>
    <message>
        <source>Right-click the header to show or hide columns.</source>
        <translation>Haga clic derecho en la cabecera para mostrar u ocultar columnas.</translation>
    </message>
    <message>
        <source>Out of scope: %1. Not ranked and not scored: the model was not made for this image.</source>
        <translation>Fuera de ámbito: %1. Sin ordenar ni puntuar: el modelo no se hizo para esta imagen.</translation>
    </message>
    <message>
        <source>Treat this score with caution: %1</source>
        <translation>Interprete esta puntuación con cautela: %1</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Unread</source>
        <translation>Sin leer</translation>
    </message>
    <message>
        <source>Which images the worklist shows</source>
        <translation>Qué imágenes muestra la lista de trabajo</translation>
    </message>
    <message>
        <source>Search file, patient, flag, error…</source>
        <translation>Buscar archivo, paciente, alerta, error…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the scan (Esc); results so far are kept</source>
        <translation>Detener el análisis (Esc); se conservan los resultados obtenidos</translation>
    </message>
    <message>
        <source>Fit columns to width</source>
        <translation>Ajustar las columnas al ancho</translation>
    </message>
</context>
</TS>
