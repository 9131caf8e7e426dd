<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>development build</source>
        <translation>version de développement</translation>
    </message>
    <message>
        <source>- Name: %1</source>
        <translation>- Nom&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Version: %1</source>
        <translation>- Version&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Default threshold: %1</source>
        <translation>- Seuil par défaut&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Operating point in use: %1</source>
        <translation>- Point de fonctionnement utilisé&#xa0;: %1</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>celui du modèle</translation>
    </message>
    <message>
        <source>- Scope: %1</source>
        <translation>- Domaine d&apos;utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Classes: %1</source>
        <translation>- Classes&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Running on: %1 (%2), %3 model `%4`</source>
        <translation>- Exécuté sur&#xa0;: %1 (%2), modèle %3 `%4`</translation>
    </message>
    <message>
        <source>- File: `%1`</source>
        <translation>- Fichier&#xa0;: `%1`</translation>
    </message>
    <message>
        <source>- SHA-256: `%1`</source>
        <translation>- SHA-256&#xa0;: `%1`</translation>
    </message>
    <message>
        <source>- Lung-field model: %1 %2, `%3`, SHA-256 `%4`</source>
        <translation>- Modèle des champs pulmonaires&#xa0;: %1 %2, `%3`, SHA-256 `%4`</translation>
    </message>
    <message>
        <source>- Heatmaps: shown only inside the lung fields (%1)</source>
        <translation>- Cartes de chaleur&#xa0;: affichées uniquement dans les champs pulmonaires (%1)</translation>
    </message>
    <message>
        <source>- Lung-field model: not found (heat shown inside the body outline)</source>
        <translation>- Modèle des champs pulmonaires&#xa0;: introuvable (chaleur affichée dans le contour du corps)</translation>
    </message>
    <message>
        <source>Intended use stated by the model: %1</source>
        <translation>Utilisation prévue déclarée par le modèle (en anglais)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Utilisation prévue</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>No model is loaded. %1</source>
        <translation>Aucun modèle n&apos;est chargé. %1</translation>
    </message>
    <message>
        <source>The model card below is in English, as the model was published.</source>
        <translation>La fiche du modèle ci-dessous est en anglais, telle que le modèle a été publié.</translation>
    </message>
    <message>
        <source>(The model card could not be read: %1)</source>
        <translation>(La fiche du modèle n&apos;a pas pu être lue&#xa0;: %1)</translation>
    </message>
    <message>
        <source>(No model card found next to the model.)</source>
        <translation>(Aucune fiche du modèle trouvée à côté du modèle.)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>À propos de %1</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Calibrate for this site</source>
        <translation>Étalonner pour ce centre</translation>
    </message>
    <message>
        <source>Proposed PROVISIONAL operating point</source>
        <translation>Point de fonctionnement PROVISOIRE proposé</translation>
    </message>
    <message>
        <source>Proposed operating point</source>
        <translation>Point de fonctionnement proposé</translation>
    </message>
    <message numerus="yes">
        <source>from %n read image(s) in scope</source>
        <translation>
            <numerusform>d&apos;après %n image lue dans le domaine d&apos;utilisation</numerusform>
            <numerusform>d&apos;après %n images lues dans le domaine d&apos;utilisation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n read image(s) left out: unsure, unreadable or out of scope).</source>
        <translation>
            <numerusform>(%n image lue écartée&#xa0;: lecture incertaine, illisible ou hors domaine).</numerusform>
            <numerusform>(%n images lues écartées&#xa0;: lecture incertaine, illisibles ou hors domaine).</numerusform>
        </translation>
    </message>
    <message>
        <source>PROVISIONAL.</source>
        <translation>PROVISOIRE.</translation>
    </message>
    <message>
        <source>Applying saves this operating point for this model in your settings folder: every later scan, export and report uses it and says so. Settings → Use Model Default Operating Point goes back at any time. The ranking of the worklist does not change.</source>
        <translation>Appliquer enregistre ce point de fonctionnement pour ce modèle dans votre dossier de paramètres&#xa0;: chaque analyse, export et rapport suivant l&apos;utilise et l&apos;indique. Paramètres → Utiliser le point de fonctionnement du modèle permet d&apos;y revenir à tout moment. L&apos;ordre de la liste de travail ne change pas.</translation>
    </message>
    <message>
        <source>Apply to every scan (provisional)</source>
        <translation>Appliquer à toutes les analyses (provisoire)</translation>
    </message>
    <message>
        <source>Apply to every scan</source>
        <translation>Appliquer à toutes les analyses</translation>
    </message>
</context>
<context>
    <name>ClinicActions</name>
    <message>
        <source>&amp;Receive studies</source>
        <translation>&amp;Recevoir des examens</translation>
    </message>
    <message>
        <source>Listen for studies sent over DICOM and triage them as they arrive</source>
        <translation>Attendre les examens envoyés par DICOM et les trier dès leur arrivée</translation>
    </message>
    <message>
        <source>&amp;Watch folder…</source>
        <translation>&amp;Surveiller un dossier…</translation>
    </message>
    <message>
        <source>Triage images as they appear in a folder</source>
        <translation>Trier les images dès qu&apos;elles apparaissent dans un dossier</translation>
    </message>
    <message>
        <source>&amp;Stop watching</source>
        <translation>&amp;Arrêter la surveillance</translation>
    </message>
    <message>
        <source>&amp;Group by Patient and Study</source>
        <translation>&amp;Grouper par patient et examen</translation>
    </message>
    <message>
        <source>Keep each study&apos;s images together, studies ranked by risk</source>
        <translation>Garder ensemble les images de chaque examen, examens classés par risque</translation>
    </message>
    <message>
        <source>Reopen &amp;Last Worklist</source>
        <translation>Rouvrir la &amp;dernière liste de travail</translation>
    </message>
    <message>
        <source>Triage again the images of the last session (history)</source>
        <translation>Trier à nouveau les images de la dernière session (historique)</translation>
    </message>
    <message>
        <source>&amp;Network Settings…</source>
        <translation>Paramètres &amp;réseau…</translation>
    </message>
    <message>
        <source>AE title, port, allowed callers, retention, results</source>
        <translation>Titre AE, port, AE appelants autorisés, conservation, résultats</translation>
    </message>
    <message>
        <source>&amp;Clinic</source>
        <translation>&amp;Centre</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Aucun modèle</translation>
    </message>
    <message>
        <source>Studies cannot be triaged until the model has loaded.</source>
        <translation>Les examens ne peuvent pas être triés tant que le modèle n&apos;est pas chargé.</translation>
    </message>
    <message>
        <source>Cannot receive studies</source>
        <translation>Impossible de recevoir des examens</translation>
    </message>
    <message>
        <source>Clinic network settings saved to %1</source>
        <translation>Paramètres réseau du centre enregistrés dans %1</translation>
    </message>
    <message>
        <source>Cannot reopen the last worklist</source>
        <translation>Impossible de rouvrir la dernière liste de travail</translation>
    </message>
    <message>
        <source>No earlier worklist</source>
        <translation>Aucune liste de travail antérieure</translation>
    </message>
    <message>
        <source>The history holds no earlier session&apos;s results.</source>
        <translation>L&apos;historique ne contient aucun résultat d&apos;une session antérieure.</translation>
    </message>
    <message numerus="yes">
        <source>None of its %n file(s) is still there (the inbox keeps received files for the retention set in Clinic → Network Settings).</source>
        <translation>
            <numerusform>Son fichier (%n) n&apos;est plus là (la boîte de réception garde les fichiers reçus pendant la durée de conservation choisie dans Centre → Paramètres réseau).</numerusform>
            <numerusform>Aucun de ses %n fichiers n&apos;est encore là (la boîte de réception garde les fichiers reçus pendant la durée de conservation choisie dans Centre → Paramètres réseau).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n file(s) no longer there</source>
        <translation>
            <numerusform>&#x202f;; %n fichier n&apos;est plus là</numerusform>
            <numerusform>&#x202f;; %n fichiers ne sont plus là</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopening the worklist of %1: %n image(s)</source>
        <translation>
            <numerusform>Réouverture de la liste de travail du %1&#xa0;: %n image</numerusform>
            <numerusform>Réouverture de la liste de travail du %1&#xa0;: %n images</numerusform>
        </translation>
    </message>
    <message>
        <source>Watch a folder for new images</source>
        <translation>Surveiller un dossier pour les nouvelles images</translation>
    </message>
    <message>
        <source>Cannot watch the folder</source>
        <translation>Impossible de surveiller le dossier</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsDialog</name>
    <message>
        <source>Clinic Network Settings</source>
        <translation>Paramètres réseau du centre</translation>
    </message>
    <message>
        <source>This workstation as a DICOM node</source>
        <translation>Ce poste comme nœud DICOM</translation>
    </message>
    <message>
        <source>Results (Secondary Capture + Structured Report)</source>
        <translation>Résultats (Secondary Capture + Structured Report DICOM)</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
    <message>
        <source>Allowed calling AEs</source>
        <translation>AE appelants autorisés</translation>
    </message>
    <message>
        <source>Keep received files</source>
        <translation>Conserver les fichiers reçus</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Envoyer les résultats</translation>
    </message>
    <message>
        <source>PACS host</source>
        <translation>Hôte du PACS</translation>
    </message>
    <message>
        <source>PACS port</source>
        <translation>Port du PACS</translation>
    </message>
    <message>
        <source>PACS AE title</source>
        <translation>Titre AE du PACS</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Dossier des résultats</translation>
    </message>
    <message>
        <source>Up to 16 characters: letters, digits, spaces; no backslash</source>
        <translation>16 caractères au plus&#xa0;: lettres, chiffres, espaces&#xa0;; pas de barre oblique inverse</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 (or this workstation&apos;s LAN address): accept studies from the modality or the PACS on the clinic&apos;s network.</source>
        <translation>127.0.0.1&#xa0;: cet ordinateur seulement. 0.0.0.0 (ou l&apos;adresse de ce poste sur le réseau local)&#xa0;: accepter les examens de l&apos;appareil d&apos;imagerie ou du PACS sur le réseau du centre.</translation>
    </message>
    <message>
        <source>any calling AE (e.g. MODALITY, ORTHANC)</source>
        <translation>tout AE appelant (p. ex. MODALITY, ORTHANC)</translation>
    </message>
    <message>
        <source>Accept studies only from these calling AE titles, separated by commas</source>
        <translation>N&apos;accepter que les examens de ces titres AE appelants, séparés par des virgules</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>until triaged</source>
        <translation>jusqu&apos;au tri</translation>
    </message>
    <message>
        <source>Received files are kept this long in the inbox (in your data folder)</source>
        <translation>Durée de conservation des fichiers reçus dans la boîte de réception (dans votre dossier de données)</translation>
    </message>
    <message>
        <source>Nowhere</source>
        <translation>Nulle part</translation>
    </message>
    <message>
        <source>Send to a PACS</source>
        <translation>Envoyer à un PACS</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nom d&apos;hôte ou adresse IP</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Saved to %1 (shared with cxr-triage listen and watch).</source>
        <translation>Enregistré dans %1 (partagé avec cxr-triage listen et watch).</translation>
    </message>
    <message>
        <source>Folder for results</source>
        <translation>Dossier pour les résultats</translation>
    </message>
    <message>
        <source>not saved: %1</source>
        <translation>non enregistré&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(pneumonie)</translation>
    </message>
    <message>
        <source>Class breakdown</source>
        <translation>Détail par classe</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Carte de chaleur</translation>
    </message>
    <message>
        <source>Show heatmap  (H)</source>
        <translation>Afficher la carte de chaleur  (H)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacité de la carte de chaleur</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Your own call on this image, kept for site calibration (Reads menu): P pneumonia, N normal, U unsure, Backspace clears</source>
        <translation>Votre propre lecture de cette image, conservée pour l&apos;étalonnage local (menu Lectures)&#xa0;: P pneumonie, N normal, U incertain, Retour arrière efface</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>Votre lecture&#xa0;: %1</translation>
    </message>
    <message>
        <source>Your read: — (press P, N or U)</source>
        <translation>Votre lecture&#xa0;: — (appuyez sur P, N ou U)</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Point de fonctionnement&#xa0;: %1</translation>
    </message>
    <message>
        <source>No model loaded: images cannot be scored.</source>
        <translation>Aucun modèle chargé&#xa0;: les images ne peuvent pas être évaluées.</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Aucune image sélectionnée</translation>
    </message>
    <message>
        <source>Select a row of the worklist to see its details.</source>
        <translation>Sélectionnez une ligne de la liste de travail pour voir ses détails.</translation>
    </message>
    <message>
        <source>This file could not be scored:</source>
        <translation>Ce fichier n&apos;a pas pu être évalué&#xa0;:</translation>
    </message>
    <message>
        <source>At or above the %1 threshold</source>
        <translation>Au seuil de %1 ou au-dessus</translation>
    </message>
    <message>
        <source>%1, likely %2</source>
        <translation>%1, probablement %2</translation>
    </message>
    <message>
        <source>Below the %1 threshold</source>
        <translation>Sous le seuil de %1</translation>
    </message>
    <message>
        <source>Ranked with the others anyway (site setting).</source>
        <translation>Classée avec les autres malgré tout (réglage du centre).</translation>
    </message>
    <message>
        <source>Not ranked: listed after the images the model was made for.</source>
        <translation>Non classée&#xa0;: listée après les images pour lesquelles le modèle a été conçu.</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Hors domaine d&apos;utilisation</translation>
    </message>
    <message>
        <source>The model reads frontal chest films of children up to 6 years. It gives no pneumonia score for this image and draws no heatmap.</source>
        <translation>Le modèle lit les clichés thoraciques de face d&apos;enfants jusqu&apos;à 6 ans. Il ne donne aucun score de pneumonie pour cette image et ne dessine pas de carte de chaleur.</translation>
    </message>
    <message>
        <source>The file is a colour image, maybe a photo of a film or screen.</source>
        <translation>Le fichier est une image en couleur, peut-être la photo d&apos;un film ou d&apos;un écran.</translation>
    </message>
    <message>
        <source>Fewer pixels than the model&apos;s input: fine detail is missing.</source>
        <translation>Moins de pixels que l&apos;entrée du modèle&#xa0;: les détails fins manquent.</translation>
    </message>
    <message>
        <source>Unlike the training images: the score may not be reliable.</source>
        <translation>Ne ressemble pas aux images d&apos;apprentissage&#xa0;: le score peut ne pas être fiable.</translation>
    </message>
    <message>
        <source>Unusual bit depth for a radiograph.</source>
        <translation>Profondeur de bits inhabituelle pour une radiographie.</translation>
    </message>
    <message>
        <source>Unusual photometric interpretation (colour model) for a radiograph.</source>
        <translation>Interprétation photométrique (modèle de couleur) inhabituelle pour une radiographie.</translation>
    </message>
    <message>
        <source>The DICOM holds several frames; the first one was scored and is shown.</source>
        <translation>Le DICOM contient plusieurs images&#xa0;; la première a été évaluée et est affichée.</translation>
    </message>
    <message>
        <source>The DICOM header says this is not a chest study.</source>
        <translation>L&apos;en-tête DICOM indique que ce n&apos;est pas un examen du thorax.</translation>
    </message>
    <message>
        <source>Very low contrast: exposure or windowing may be off.</source>
        <translation>Contraste très faible&#xa0;: l&apos;exposition ou le fenêtrage est peut-être incorrect.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Date de l&apos;examen</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Incidence</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Région anatomique</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
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
        <translation>CSV pseudonymisé</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>Rapport PDF</translation>
    </message>
    <message>
        <source>De-identified PDF report</source>
        <translation>Rapport PDF pseudonymisé</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Superposition</translation>
    </message>
    <message>
        <source>Choose another folder</source>
        <translation>Choisissez un autre dossier</translation>
    </message>
    <message>
        <source>Please save somewhere else (e.g. Documents).</source>
        <translation>Enregistrez ailleurs (par exemple dans Documents).</translation>
    </message>
    <message>
        <source>Export worklist as CSV</source>
        <translation>Exporter la liste de travail en CSV</translation>
    </message>
    <message>
        <source>The worklist shows %1 of %2 rows (filter or search).</source>
        <translation>La liste de travail affiche %1 lignes sur %2 (filtre ou recherche).</translation>
    </message>
    <message>
        <source>Export every row, or only the rows shown?</source>
        <translation>Exporter toutes les lignes, ou seulement les lignes affichées&#x202f;?</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Toutes les lignes (%1)</translation>
    </message>
    <message>
        <source>Rows shown (%1)</source>
        <translation>Lignes affichées (%1)</translation>
    </message>
    <message>
        <source>Export PDF report</source>
        <translation>Exporter le rapport PDF</translation>
    </message>
    <message>
        <source>Export de-identified copy</source>
        <translation>Exporter une copie pseudonymisée</translation>
    </message>
    <message>
        <source>PDF report (*.pdf)</source>
        <translation>Rapport PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save overlay as PNG</source>
        <translation>Enregistrer la superposition en PNG</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Écriture de %1…</translation>
    </message>
    <message>
        <source>%1 saved: %2</source>
        <translation>%1 enregistré&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 not saved</source>
        <translation>%1 non enregistré</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Rien à enregistrer</translation>
    </message>
    <message>
        <source>Select a scored image first.</source>
        <translation>Sélectionnez d&apos;abord une image notée.</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <source>Study view: evidence relative to this image&apos;s own strongest region, so every film shows full colour somewhere whatever its score. Below %1 of that maximum nothing is drawn. Shown unmasked: it includes what the model looked at outside the lungs.</source>
        <translation>Vue d&apos;étude&#xa0;: indices relatifs à la région la plus marquée de cette image, si bien que chaque cliché montre la couleur pleine quelque part, quel que soit son score. Sous %1 de ce maximum, rien n&apos;est dessiné. Affichée sans masque&#xa0;: elle inclut ce que le modèle a regardé hors des poumons.</translation>
    </message>
    <message>
        <source>Evidence for pneumonia on the model&apos;s fixed scale: full colour is as strong as the evidence in a typical pneumonia film of the training set, so a film the model calls normal shows little or no colour. Below %1 nothing is drawn. Heat is shown only inside the lung fields (each lung&apos;s outline, including the lung behind the heart), never on arms, neck, heart or abdomen.</source>
        <translation>Indices de pneumonie sur l&apos;échelle fixe du modèle&#xa0;: la couleur pleine correspond aux indices d&apos;un cliché typique de pneumonie de l&apos;ensemble d&apos;apprentissage&#xa0;; un cliché que le modèle juge normal montre donc peu ou pas de couleur. Sous %1, rien n&apos;est dessiné. La chaleur n&apos;apparaît que dans les champs pulmonaires (le contour de chaque poumon, y compris derrière le cœur), jamais sur les bras, le cou, le cœur ou l&apos;abdomen.</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>faible</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>fort</translation>
    </message>
    <message>
        <source>per image</source>
        <translation>par image</translation>
    </message>
    <message>
        <source>fixed scale</source>
        <translation>échelle fixe</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Open a folder (Ctrl+O) or drop images here to start.</source>
        <translation>Ouvrez un dossier (Ctrl+O) ou déposez des images ici pour commencer.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <extracomment>Qt&apos;s own catalogue per language (its standard dialogs and buttons). There is no European Portuguese qtbase: pt uses pt_BR&apos;s, whose button words (OK, Cancelar, Fechar) are the same. The QLocale that formats numbers and dates for each language (pt: European Portuguese).</extracomment>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Messages and per-file errors appear here.</source>
        <translation>Les messages et les erreurs par fichier s&apos;affichent ici.</translation>
    </message>
    <message>
        <source>INFO</source>
        <comment>log level, at most 7 letters</comment>
        <translation>INFO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <comment>log level, at most 7 letters</comment>
        <translation>AVERT.</translation>
    </message>
    <message>
        <source>ERROR</source>
        <comment>log level, at most 7 letters</comment>
        <translation>ERREUR</translation>
    </message>
    <message>
        <source>An unexpected error occurred: %1</source>
        <translation>Une erreur inattendue s&apos;est produite&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Triage worklist</source>
        <translation>Liste de travail du tri</translation>
    </message>
    <message>
        <source>Radiograph</source>
        <translation>Radiographie</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit</source>
        <translation>Molette&#xa0;: zoom · glisser&#xa0;: déplacer · glisser clic droit&#xa0;: fenêtre/niveau · double-clic&#xa0;: ajuster</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
</context>
<context>
    <name>NavigationController</name>
    <message>
        <source>Intended use</source>
        <translation>Utilisation prévue</translation>
    </message>
    <message>
        <source>1. File → Open Folder (Ctrl+O) and choose a folder of chest X-rays.
2. The worklist lists ranked images by risk, then out of scope, then unreadable files.
3. Move with ↑/↓ (in the list or on the image) or Ctrl+↓ / Ctrl+↑ from anywhere.
4. H toggles the heatmap, I inverts, F fits, R resets window/level.
5. Mark your own read: P pneumonia, N normal, U unsure; Ctrl+Z undoes the last one.
6. Ctrl+F searches; the filter can show only unread rows.
7. Export: Ctrl+E (CSV), Ctrl+P (PDF report).</source>
        <translation>1. Fichier → Ouvrir un dossier (Ctrl+O) et choisissez un dossier de radiographies thoraciques.
2. La liste de travail montre les images classées par risque, puis celles hors domaine, puis les fichiers illisibles.
3. Déplacez-vous avec ↑/↓ (dans la liste ou sur l&apos;image) ou Ctrl+↓ / Ctrl+↑ depuis n&apos;importe où.
4. H affiche ou masque la carte de chaleur, I inverse, F ajuste, R rétablit fenêtre/niveau.
5. Marquez votre lecture&#xa0;: P pneumonie, N normal, U incertain&#x202f;; Ctrl+Z annule la dernière.
6. Ctrl+F recherche&#x202f;; le filtre peut n&apos;afficher que les lignes non lues.
7. Export&#xa0;: Ctrl+E (CSV), Ctrl+P (rapport PDF).</translation>
    </message>
    <message>
        <source>Quick start</source>
        <translation>Prise en main</translation>
    </message>
</context>
<context>
    <name>OverlayBand</name>
    <message>
        <source>weak</source>
        <comment>heatmap scale: little evidence</comment>
        <translation>faible</translation>
    </message>
    <message>
        <source>strong</source>
        <comment>heatmap scale: much evidence</comment>
        <translation>forte</translation>
    </message>
</context>
<context>
    <name>PreviewController</name>
    <message>
        <source>No image selected.</source>
        <translation>Aucune image sélectionnée.</translation>
    </message>
    <message>
        <source>This file could not be scored.</source>
        <translation>Ce fichier n&apos;a pas pu être noté.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>preview (loading full resolution…)</source>
        <translation>aperçu (chargement en pleine résolution…)</translation>
    </message>
    <message>
        <source>Cannot display this image: %1</source>
        <translation>Impossible d&apos;afficher cette image&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ReadsController</name>
    <message>
        <source>Reads not loaded</source>
        <translation>Lectures non chargées</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>Votre lecture&#xa0;: %1</translation>
    </message>
    <message>
        <source>Read cleared</source>
        <translation>Lecture effacée</translation>
    </message>
    <message numerus="yes">
        <source>%n read image(s)</source>
        <translation>
            <numerusform>%n image lue</numerusform>
            <numerusform>%n images lues</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Rien à annuler.</translation>
    </message>
    <message>
        <source>Undone: %1 back to %2</source>
        <translation>Annulé&#xa0;: %1 revient à %2</translation>
    </message>
    <message>
        <source>Undone: %1 back to unread</source>
        <translation>Annulé&#xa0;: %1 redevient non lu</translation>
    </message>
    <message>
        <source>Reads not saved</source>
        <translation>Lectures non enregistrées</translation>
    </message>
    <message>
        <source>Reads not imported</source>
        <translation>Lectures non importées</translation>
    </message>
    <message numerus="yes">
        <source>%n read(s) imported from %1</source>
        <translation>
            <numerusform>%n lecture importée de %1</numerusform>
            <numerusform>%n lectures importées de %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Import reads (CSV: path, call)</source>
        <translation>Importer des lectures (CSV&#xa0;: chemin, lecture)</translation>
    </message>
    <message>
        <source>Import reads: a folder with NORMAL/ and PNEUMONIA/</source>
        <translation>Importer des lectures&#xa0;: un dossier avec NORMAL/ et PNEUMONIA/</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>No images.</source>
        <translation>Aucune image.</translation>
    </message>
    <message>
        <source>%1 batch report</source>
        <translation>%1 — rapport de lot</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST (%1).</source>
        <translation>LISTE DE TRAVAIL INCOMPLÈTE (%1).</translation>
    </message>
    <message>
        <source>Operating point: %1.</source>
        <translation>Point de fonctionnement&#xa0;: %1.</translation>
    </message>
    <message>
        <source>%1 — batch triage report (DE-IDENTIFIED copy)</source>
        <translation>%1 — rapport de tri du lot (copie PSEUDONYMISÉE)</translation>
    </message>
    <message>
        <source>%1 — batch triage report</source>
        <translation>%1 — rapport de tri du lot</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 sur %2</translation>
    </message>
    <message>
        <source>Batch triage report — de-identified</source>
        <translation>Rapport de tri du lot — pseudonymisé</translation>
    </message>
    <message>
        <source>Batch triage report</source>
        <translation>Rapport de tri du lot</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST: %1. Images not scanned are not in this report.</source>
        <translation>LISTE DE TRAVAIL INCOMPLÈTE&#xa0;: %1. Les images non analysées ne figurent pas dans ce rapport.</translation>
    </message>
    <message>
        <source>Images are ordered by the model&apos;s estimated probability of pneumonia; every image still needs a qualified reader.</source>
        <translation>Les images sont classées selon la probabilité de pneumonie estimée par le modèle&#x202f;; chaque image doit toujours être lue par un professionnel qualifié.</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Carte de chaleur</translation>
    </message>
    <message>
        <source>File / patient</source>
        <translation>Fichier / patient</translation>
    </message>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(pneumonie)</translation>
    </message>
    <message>
        <source>Flags / status</source>
        <translation>Alertes / état</translation>
    </message>
    <message>
        <source>your read: %1</source>
        <translation>votre lecture&#xa0;: %1</translation>
    </message>
    <message>
        <source>out of scope: not scored</source>
        <translation>hors domaine&#xa0;: non noté</translation>
    </message>
    <message>
        <source>likely %1</source>
        <translation>probablement %1</translation>
    </message>
    <message>
        <source>Out of scope: %1</source>
        <translation>Hors domaine&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ScanningController</name>
    <message>
        <source>The model could not be loaded</source>
        <translation>Le modèle n&apos;a pas pu être chargé</translation>
    </message>
    <message>
        <source>The window stays open, but images cannot be scored until a valid model is available (start with --model PATH, or reinstall).</source>
        <translation>La fenêtre reste ouverte, mais les images ne peuvent pas être notées tant qu&apos;aucun modèle valide n&apos;est disponible (démarrez avec --model CHEMIN, ou réinstallez).</translation>
    </message>
    <message>
        <source>Open a folder of chest X-rays</source>
        <translation>Ouvrir un dossier de radiographies thoraciques</translation>
    </message>
    <message>
        <source>Open chest X-ray images</source>
        <translation>Ouvrir des radiographies thoraciques</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Images (%1);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Effacer la liste</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Impossible d&apos;ouvrir</translation>
    </message>
    <message>
        <source>A scan is running: cancel it before opening another.</source>
        <translation>Une analyse est en cours&#xa0;: annulez-la avant d&apos;en ouvrir une autre.</translation>
    </message>
    <message>
        <source>Waiting for the model to load…</source>
        <translation>En attente du chargement du modèle…</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Aucun modèle</translation>
    </message>
    <message>
        <source>Images cannot be scored because the model did not load:</source>
        <translation>Les images ne peuvent pas être notées car le modèle ne s&apos;est pas chargé&#xa0;:</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>raison inconnue</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Analyse en cours…</translation>
    </message>
    <message>
        <source>Finding images…</source>
        <translation>Recherche des images…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Scan stopped</source>
        <translation>Analyse interrompue</translation>
    </message>
    <message>
        <source>No images were found there (JPEG, PNG, DICOM).</source>
        <translation>Aucune image trouvée à cet endroit (JPEG, PNG, DICOM).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>%</source>
        <comment>after the threshold number</comment>
        <translation>&#x202f;%</translation>
    </message>
    <message>
        <source>Reset to model default</source>
        <translation>Revenir au seuil du modèle</translation>
    </message>
    <message>
        <source>Pneumonia threshold</source>
        <translation>Seuil de pneumonie</translation>
    </message>
    <message>
        <source>Model default: %1.</source>
        <translation>Seuil du modèle&#xa0;: %1.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Aucun modèle n&apos;est chargé.</translation>
    </message>
    <message>
        <source>Images at or above the threshold are labelled pneumonia. A lower threshold misses fewer cases but raises more false alarms. The ranking of the worklist does not change.</source>
        <translation>Les images au seuil ou au-dessus sont étiquetées pneumonie. Un seuil plus bas manque moins de cas mais donne plus de fausses alertes. L&apos;ordre de la liste de travail ne change pas.</translation>
    </message>
    <message>
        <source>Rank out-of-scope images with the others</source>
        <translation>Classer les images hors domaine avec les autres</translation>
    </message>
    <message>
        <source>Off (recommended): images the model was not made for — adults, lateral views, other body parts, photos — are listed after the ranked images, without a label.
On: they are ranked and labelled like the others. Every export says so.</source>
        <translation>Désactivé (recommandé)&#xa0;: les images pour lesquelles le modèle n&apos;a pas été conçu — adultes, clichés de profil, autres régions du corps, photos — sont listées après les images classées, sans étiquette.
Activé&#xa0;: elles sont classées et étiquetées comme les autres. Chaque export l&apos;indique.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Domaine d&apos;utilisation</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>theme</comment>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <comment>theme</comment>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The whole program changes language at once, the main window included; no restart is needed.</source>
        <translation>Tout le programme change de langue aussitôt, fenêtre principale comprise&#x202f;; aucun redémarrage n&apos;est nécessaire.</translation>
    </message>
</context>
<context>
    <name>SiteController</name>
    <message>
        <source>Site profile not used</source>
        <translation>Profil du centre non utilisé</translation>
    </message>
    <message>
        <source>CXR Triage goes on with the model default operating point. Set the file aside (it is renamed, not deleted) to stop this message.</source>
        <translation>CXR Triage continue avec le point de fonctionnement du modèle. Mettez le fichier de côté (il est renommé, pas supprimé) pour ne plus voir ce message.</translation>
    </message>
    <message>
        <source>Set File Aside</source>
        <translation>Mettre le fichier de côté</translation>
    </message>
    <message>
        <source>Keep File</source>
        <translation>Garder le fichier</translation>
    </message>
    <message>
        <source>Could not set %1 aside: %2</source>
        <translation>Impossible de mettre %1 de côté&#xa0;: %2</translation>
    </message>
    <message>
        <source>Set aside as %1</source>
        <translation>Mis de côté sous le nom %1</translation>
    </message>
    <message>
        <source>Not enough reads</source>
        <translation>Pas assez de lectures</translation>
    </message>
    <message>
        <source>Mark rows with P (pneumonia), N (normal) or U (unsure) while browsing, or import reads (Reads → Import Reads).</source>
        <translation>Marquez les lignes avec P (pneumonie), N (normal) ou U (incertain) en parcourant la liste, ou importez des lectures (Lectures → Importer des lectures).</translation>
    </message>
    <message numerus="yes">
        <source>Calibrating from %n read image(s)…</source>
        <translation>
            <numerusform>Étalonnage à partir de %n image lue…</numerusform>
            <numerusform>Étalonnage à partir de %n images lues…</numerusform>
        </translation>
    </message>
    <message>
        <source>Site profile not saved</source>
        <translation>Profil du centre non enregistré</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Point de fonctionnement&#xa0;: %1</translation>
    </message>
    <message>
        <source>Use the model default operating point?</source>
        <translation>Utiliser le point de fonctionnement du modèle&#x202f;?</translation>
    </message>
    <message>
        <source>This deletes the %1 (%2 pneumonia and %3 normal reads) and uses the model&apos;s own threshold and probabilities. Your reads are kept, so you can calibrate again.</source>
        <translation>Cela supprime le %1 (lectures&#xa0;: %2 pneumonie, %3 normal) et utilise le seuil et les probabilités du modèle. Vos lectures sont conservées&#x202f;: vous pourrez étalonner à nouveau.</translation>
    </message>
    <message>
        <source>Delete Site Profile</source>
        <translation>Supprimer le profil du centre</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Loading model…</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <source>model %1</source>
        <comment>the model&apos;s version, shortened</comment>
        <translation>modèle %1</translation>
    </message>
    <message>
        <source>Execution provider: %1</source>
        <translation>Fournisseur d&apos;exécution&#xa0;: %1</translation>
    </message>
    <message>
        <source>No model: scanning disabled</source>
        <translation>Aucun modèle&#xa0;: analyse désactivée</translation>
    </message>
    <message>
        <source>The operating point in use. Settings → Calibrate for This Site fits one from your own reads; Settings → Use Model Default Operating Point goes back.</source>
        <translation>Le point de fonctionnement utilisé. Paramètres → Étalonner pour ce centre en ajuste un à partir de vos lectures&#x202f;; Paramètres → Utiliser le point de fonctionnement du modèle revient à celui du modèle.</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>highest risk first</source>
        <translation>risque le plus élevé d&apos;abord</translation>
    </message>
    <message>
        <source>lowest risk first</source>
        <translation>risque le plus faible d&apos;abord</translation>
    </message>
    <message>
        <source>Z to A / largest first</source>
        <translation>de Z à A / du plus grand au plus petit</translation>
    </message>
    <message>
        <source>A to Z / smallest first</source>
        <translation>de A à Z / du plus petit au plus grand</translation>
    </message>
    <message>
        <source>Sorted %1 (▼ / ▲), within each group: ranked images, then out of scope, then unreadable files. Click to reverse.</source>
        <translation>Tri&#xa0;: %1 (▼ / ▲), dans chaque groupe&#xa0;: images classées, puis hors domaine, puis fichiers illisibles. Cliquez pour inverser.</translation>
    </message>
    <message>
        <source>Calibrated probability of pneumonia estimated by the model</source>
        <translation>Probabilité étalonnée de pneumonie estimée par le modèle</translation>
    </message>
    <message>
        <source>Label at the current operating point (threshold); changes with the threshold.
Images the model was not made for say &apos;out of scope&apos; and the reason, and are listed after the ranked images</source>
        <translation>Étiquette au point de fonctionnement actuel (seuil)&#xa0;; elle change avec le seuil.
Les images pour lesquelles le modèle n&apos;a pas été conçu indiquent « hors domaine » et la raison, et sont listées après les images classées</translation>
    </message>
    <message>
        <source>Most likely pneumonia type, for images above the threshold</source>
        <translation>Type de pneumonie le plus probable, pour les images au-dessus du seuil</translation>
    </message>
    <message>
        <source>Quality and out-of-distribution warnings: treat these scores with caution</source>
        <translation>Alertes de qualité et d&apos;images atypiques&#xa0;: interprétez ces scores avec prudence</translation>
    </message>
    <message>
        <source>OK, or why the file could not be scored</source>
        <translation>OK, ou pourquoi le fichier n&apos;a pas pu être évalué</translation>
    </message>
    <message>
        <source>Right-click the header to show or hide columns.</source>
        <translation>Clic droit sur l&apos;en-tête pour afficher ou masquer des colonnes.</translation>
    </message>
    <message>
        <source>Out of scope: %1. Not ranked and not scored: the model was not made for this image.</source>
        <translation>Hors domaine&#xa0;: %1. Ni classée ni évaluée&#xa0;: le modèle n&apos;a pas été conçu pour cette image.</translation>
    </message>
    <message>
        <source>Treat this score with caution: %1</source>
        <translation>Interprétez ce score avec prudence&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Unread</source>
        <translation>Non lues</translation>
    </message>
    <message>
        <source>Which images the worklist shows</source>
        <translation>Images affichées dans la liste de travail</translation>
    </message>
    <message>
        <source>Search file, patient, flag, error…</source>
        <translation>Rechercher fichier, patient, alerte, erreur…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the scan (Esc); results so far are kept</source>
        <translation>Arrêter l&apos;analyse (Échap)&#xa0;; les résultats obtenus sont conservés</translation>
    </message>
    <message>
        <source>Fit columns to width</source>
        <translation>Ajuster les colonnes à la largeur</translation>
    </message>
</context>
</TS>
