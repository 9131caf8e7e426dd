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
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source> %</source>
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
        <source>The dialogs change language at once; the main window changes when CXR Triage is next started.</source>
        <translation>Los cuadros de diálogo cambian de idioma enseguida; la ventana principal cambia la próxima vez que se inicie CXR Triage.</translation>
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
